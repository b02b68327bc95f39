using AiGateway.Client.Catalog;
using AiGateway.Client.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Dialects.Messages;

/// <summary>How a request asks Claude to think.</summary>
internal enum MessagesThinkingMode
{
    /// <summary>No <c>thinking</c> field: Claude does not think (the API default on every model that allows turning it off).</summary>
    None,

    /// <summary><c>thinking: {type: "enabled", budget_tokens: N}</c>: manual extended thinking (Claude 4.5 and older, Opus/Sonnet 4.6).</summary>
    Budget,

    /// <summary><c>thinking: {type: "adaptive"}</c> + <c>output_config.effort</c>: Opus/Sonnet 4.6, Opus 4.7 and later, every Claude 5 model.</summary>
    Adaptive,
}

/// <summary>
/// The one place that decides <c>max_tokens</c> (required by the Messages API) and the thinking configuration of a
/// request, from <see cref="ChatOptions.MaxOutputTokens"/>, <see cref="ChatOptions.Reasoning"/> and the model.
/// <list type="bullet">
/// <item><c>max_tokens</c>: <see cref="ChatOptions.MaxOutputTokens"/> when set; else the catalog model's
/// <see cref="CatalogModel.MaxOutputTokens"/>; else <see cref="FallbackMaxTokens"/> plus the thinking allowance of the effort.</item>
/// <item>Adaptive thinking for the models that support it (it is the only thinking mode Claude 4.7 and later accept:
/// https://platform.claude.com/docs/en/build-with-claude/adaptive-thinking), with the effort mapped to
/// <c>output_config.effort</c> (https://platform.claude.com/docs/en/build-with-claude/effort).</item>
/// <item>A fixed budget for the older models (https://platform.claude.com/docs/en/build-with-claude/extended-thinking):
/// see <see cref="BudgetTokensFor"/>; it must be at least 1,024 and below <c>max_tokens</c>.</item>
/// </list>
/// </summary>
internal readonly record struct MessagesThinkingPlan(int MaxTokens, MessagesThinkingMode Mode, int BudgetTokens, string? Effort, string? Display)
{
    /// <summary>
    /// The answer room when neither the caller nor the catalog gives <c>max_tokens</c>: 4,096 tokens, the smallest
    /// output limit of any Claude model still served (Claude 3 Haiku), so the default never earns a 400.
    /// </summary>
    public const int FallbackMaxTokens = 4096;

    /// <summary>The smallest <c>budget_tokens</c> the API accepts.</summary>
    public const int MinimumBudgetTokens = 1024;

    /// <summary>Gets a value indicating whether the request asks Claude to think.</summary>
    public bool IsThinking => Mode != MessagesThinkingMode.None;

    /// <summary>
    /// The <c>budget_tokens</c> of an effort level on models with manual extended thinking (low is the API's minimum),
    /// also reserved in the default <c>max_tokens</c> of every thinking model. The largest (24,576) plus <see cref="FallbackMaxTokens"/> stays within
    /// 32,000, the smallest output limit of any model that can think (Claude Opus 4 and 4.1).
    /// </summary>
    public static int BudgetTokensFor(ReasoningEffort effort) => effort switch
    {
        ReasoningEffort.Low => MinimumBudgetTokens,
        ReasoningEffort.Medium => 8192,
        ReasoningEffort.High => 16384,
        ReasoningEffort.ExtraHigh => 24576,
        _ => 0,
    };

    /// <summary>Decides <c>max_tokens</c> and thinking for <paramref name="request"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="forcesToolUse">Whether the request forces a tool call (<c>tool_choice</c> any/tool), which Anthropic does not allow with thinking.</param>
    public static MessagesThinkingPlan Create(DialectRequest request, bool forcesToolUse)
    {
        var options = request.Options;
        var model = request.Route.Model;
        var effort = options?.Reasoning?.Effort;
        var wantsThinking = effort is { } e && e != ReasoningEffort.None;
        if (wantsThinking && forcesToolUse)
        {
            AiGatewayLog.MessagesThinkingDropped(request.Logger, request.Route.WireModelId, "the request forces a tool call (RequiredChatToolMode), which Anthropic does not allow together with thinking");
            wantsThinking = false;
        }

        var allowance = wantsThinking ? BudgetTokensFor(effort!.Value) : 0;
        var maxTokens = options?.MaxOutputTokens ?? model.MaxOutputTokens ?? (FallbackMaxTokens + allowance);
        if (maxTokens <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), maxTokens, $"MaxOutputTokens must be positive; the Messages API requires max_tokens of at least 1 (model '{request.Route.WireModelId}').");
        }

        if (!wantsThinking)
        {
            return new MessagesThinkingPlan(maxTokens, MessagesThinkingMode.None, 0, null, null);
        }

        var display = options!.Reasoning!.Output switch
        {
            // "omitted" still returns the signature a tool loop needs; "summarized" is the only readable form Claude 4 gives.
            ReasoningOutput.None => "omitted",
            ReasoningOutput.Summary or ReasoningOutput.Full => "summarized",
            _ => null,
        };

        var version = ClaudeModelVersion.Parse(model.Name) ?? ClaudeModelVersion.Parse(request.Route.WireModelId);
        if (version is { } v && SupportsAdaptive(v))
        {
            return new MessagesThinkingPlan(maxTokens, MessagesThinkingMode.Adaptive, 0, AdaptiveEffort(effort!.Value, v), display);
        }

        var budget = allowance;
        if (budget >= maxTokens)
        {
            if (maxTokens <= MinimumBudgetTokens)
            {
                AiGatewayLog.MessagesThinkingDropped(request.Logger, request.Route.WireModelId, $"max_tokens ({maxTokens}) leaves no room for the minimum thinking budget of {MinimumBudgetTokens} tokens; raise MaxOutputTokens");
                return new MessagesThinkingPlan(maxTokens, MessagesThinkingMode.None, 0, null, null);
            }

            budget = Math.Max(MinimumBudgetTokens, maxTokens / 2);
            if (request.Logger.IsEnabled(LogLevel.Debug))
            {
                AiGatewayLog.MessagesThinkingBudgetLowered(request.Logger, request.Route.WireModelId, budget, maxTokens);
            }
        }

        return new MessagesThinkingPlan(maxTokens, MessagesThinkingMode.Budget, budget, null, display);
    }

    /// <summary>
    /// Adaptive thinking exists on Opus and Sonnet 4.6, every model from 4.7 on, and the Mythos and Fable families;
    /// Haiku 4.5 and older models take a budget.
    /// </summary>
    internal static bool SupportsAdaptive(ClaudeModelVersion version) =>
        version.Family is "mythos" or "fable"
        || version.Major >= 5
        || (version.Major == 4 && version.Minor >= 7)
        || (version.Major == 4 && version.Minor == 6 && version.Family is "opus" or "sonnet");

    /// <summary>
    /// Maps the effort to <c>output_config.effort</c>. <see cref="ReasoningEffort.ExtraHigh"/> is <c>xhigh</c> where it
    /// exists (Opus 4.7 and later, Claude 5 models) and <c>max</c>, the top level, on Opus/Sonnet 4.6 and Mythos Preview.
    /// </summary>
    internal static string AdaptiveEffort(ReasoningEffort effort, ClaudeModelVersion version) => effort switch
    {
        ReasoningEffort.Low => "low",
        ReasoningEffort.Medium => "medium",
        ReasoningEffort.ExtraHigh => version.Major >= 5 || (version.Major == 4 && version.Minor >= 7) ? "xhigh" : "max",
        _ => "high",
    };
}
