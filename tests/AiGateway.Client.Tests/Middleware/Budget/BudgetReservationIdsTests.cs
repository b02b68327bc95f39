using AiGateway.Client.Middleware.Budget;

namespace AiGateway.Client.Tests.Middleware.Budget;

public sealed class BudgetReservationIdsTests
{
    [Fact]
    public void Ids_are_unique_across_many_calls_from_many_threads()
    {
        var ids = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                ids.Add(BudgetReservationIds.Next());
            }
        });

        Assert.Equal(80_000, ids.Distinct().Count());
    }

    [Fact]
    public void Ids_have_the_rfc_9562_version_4_layout_stores_may_check()
    {
        var id = BudgetReservationIds.Next().ToString();

        // xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx
        Assert.Equal('4', id[14]);
        Assert.Contains(id[19], "89ab");
    }

    [Fact]
    public void Ids_of_one_process_share_their_random_part_and_differ_in_the_counted_part()
    {
        var first = BudgetReservationIds.Next().ToByteArray();
        var second = BudgetReservationIds.Next().ToByteArray();

        Assert.Equal(first[6..], second[6..]);
        Assert.NotEqual(first[..6], second[..6]);
    }
}
