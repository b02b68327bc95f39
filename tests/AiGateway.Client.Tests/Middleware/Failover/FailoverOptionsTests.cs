using AiGateway.Client.Middleware.Failover;
using AiGateway.Client.Tests.TestSupport;

namespace AiGateway.Client.Tests.Middleware.Failover;

public class FailoverOptionsTests
{
    public static TheoryData<string, Action<FailoverOptions>> InvalidSettings => new()
    {
        { nameof(FailoverOptions.MaxAttemptsPerTarget), o => o.MaxAttemptsPerTarget = 0 },
        { nameof(FailoverOptions.MaxAttemptsPerTarget), o => o.MaxAttemptsPerTarget = 11 },
        { nameof(FailoverOptions.MaximumAttemptsPerRequest), o => o.MaximumAttemptsPerRequest = 0 },
        { nameof(FailoverOptions.BackoffBase), o => o.BackoffBase = TimeSpan.Zero },
        { nameof(FailoverOptions.BackoffMax), o => o.BackoffMax = TimeSpan.FromMilliseconds(10) },
        { nameof(FailoverOptions.MaxRetryAfter), o => o.MaxRetryAfter = TimeSpan.FromSeconds(-1) },
        { nameof(FailoverOptions.AttemptTimeout), o => o.AttemptTimeout = TimeSpan.Zero },
        { nameof(FailoverOptions.CircuitBreakerFailureRatio), o => o.CircuitBreakerFailureRatio = 0 },
        { nameof(FailoverOptions.CircuitBreakerFailureRatio), o => o.CircuitBreakerFailureRatio = 1.5 },
        { nameof(FailoverOptions.CircuitBreakerMinimumThroughput), o => o.CircuitBreakerMinimumThroughput = 1 },
        { nameof(FailoverOptions.CircuitBreakerSamplingDuration), o => o.CircuitBreakerSamplingDuration = TimeSpan.FromMilliseconds(100) },
        { nameof(FailoverOptions.CircuitBreakerBreakDuration), o => o.CircuitBreakerBreakDuration = TimeSpan.FromMilliseconds(100) },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void An_out_of_range_setting_is_rejected_naming_the_setting(string name, Action<FailoverOptions> change)
    {
        var options = new FailoverOptions();
        change(options);

        var thrown = Assert.Throws<ArgumentOutOfRangeException>(() => new GatewayFailoverChatClient(new ScriptedChatClient(), options));

        Assert.Equal(name, thrown.ParamName);
        Assert.Contains("FailoverOptions." + name, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        new FailoverOptions().Validate();
    }

    [Fact]
    public void A_null_target_is_rejected()
    {
        var options = new FailoverOptions();
        options.Targets.Add(null!);

        var thrown = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Targets[0]", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_clients_options_cannot_change_after_it_is_built()
    {
        var client = new GatewayFailoverChatClient(new ScriptedChatClient(), new FailoverOptions());

        Assert.Throws<InvalidOperationException>(() => client.Options.MaxAttemptsPerTarget = 5);
        Assert.Throws<NotSupportedException>(() => client.Options.Targets.Add(FailoverTarget.ForModel("openai/gpt-5")));
    }

    [Fact]
    public void Changing_the_options_after_building_does_not_change_the_client()
    {
        var options = new FailoverOptions { MaxAttemptsPerTarget = 2 };
        var client = new GatewayFailoverChatClient(new ScriptedChatClient(), options);

        options.MaxAttemptsPerTarget = 7;
        options.Targets.Add(FailoverTarget.ForModel("openai/gpt-5"));

        Assert.Equal(2, client.Options.MaxAttemptsPerTarget);
        Assert.Empty(client.Options.Targets);
    }

    [Fact]
    public void An_empty_target_model_id_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new FailoverTarget(" ", null));
    }

    [Fact]
    public void Targets_compare_by_model_ignoring_case_and_gateway()
    {
        Assert.Equal(FailoverTarget.ForModel("OpenAI/GPT-5"), FailoverTarget.ForModel("openai/gpt-5"));
        Assert.NotEqual(FailoverTarget.ForModel("openai/gpt-5"), FailoverTarget.ForModelOnGateway("openai/gpt-5", AiGateway.Client.GatewayKind.Vercel));
    }
}
