
namespace AiGateway.Client.Tests.Middleware.Tagging;

public sealed class AiGatewayScopeTests
{
    [Fact]
    public void Outside_any_scope_there_is_no_current_scope()
    {
        Assert.Null(AiGatewayScope.Current);
    }

    [Fact]
    public async Task Scope_flows_across_await_and_into_tasks()
    {
        using (AiGatewayScope.Begin(["feature:a"], "u-1"))
        {
            await Task.Yield();
            var seen = await Task.Run(() => AiGatewayScope.Current);

            Assert.NotNull(seen);
            Assert.Equal(["feature:a"], seen.Tags);
            Assert.Equal("u-1", seen.User);
        }
    }

    [Fact]
    public void Nested_scope_adds_tags_and_replaces_the_user()
    {
        using var outer = AiGatewayScope.Begin(["a", "b"], "outer");
        using var inner = AiGatewayScope.Begin(["b", "c"], "inner");

        Assert.Equal(["a", "b", "c"], AiGatewayScope.Current!.Tags);
        Assert.Equal("inner", AiGatewayScope.Current.User);
    }

    [Fact]
    public void Nested_scope_without_a_user_keeps_the_outer_user()
    {
        using var outer = AiGatewayScope.Begin(null, "outer");
        using var inner = AiGatewayScope.Begin(["x"]);

        Assert.Equal("outer", AiGatewayScope.Current!.User);
    }

    [Fact]
    public void Disposing_a_nested_scope_restores_the_outer_one()
    {
        using var outer = AiGatewayScope.Begin(["a"]);
        var inner = AiGatewayScope.Begin(["b"]);

        inner.Dispose();

        Assert.Same(outer, AiGatewayScope.Current);
    }

    [Fact]
    public void Disposing_the_outer_scope_first_ends_the_inner_one_too()
    {
        var outer = AiGatewayScope.Begin(["a"]);
        var inner = AiGatewayScope.Begin(["b"]);

        outer.Dispose();
        Assert.Null(AiGatewayScope.Current);

        inner.Dispose();
        Assert.Null(AiGatewayScope.Current);
    }

    [Fact]
    public async Task Parallel_flows_do_not_see_each_others_scopes()
    {
        using var gate = new Barrier(2);

        var users = await Task.WhenAll(
            Task.Run(() => InScope("left", gate)),
            Task.Run(() => InScope("right", gate)));

        Assert.Equal(new string?[] { "left", "right" }, users);

        static string? InScope(string user, Barrier gate)
        {
            using (AiGatewayScope.BeginUser(user))
            {
                gate.SignalAndWait();
                return AiGatewayScope.Current?.User;
            }
        }
    }

    [Theory]
    [InlineData("line\r\nbreak")]
    [InlineData("")]
    public void Invalid_tag_is_refused_where_the_scope_begins(string tag)
    {
        var ex = Assert.Throws<ArgumentException>(() => AiGatewayScope.Begin([tag]));

        Assert.Equal("tags", ex.ParamName);
        Assert.Null(AiGatewayScope.Current);
    }

    [Fact]
    public void User_with_a_line_break_is_refused_where_the_scope_begins()
    {
        var ex = Assert.Throws<ArgumentException>(() => AiGatewayScope.BeginUser("u\n1"));

        Assert.Equal("user", ex.ParamName);
    }
}
