using System.Globalization;
using System.Text.Json;
using AiGateway.Client.Catalog;
using AiGateway.Client.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace AiGateway.Client.Dialects.GenerateContent;

/// <summary>
/// Maps <see cref="ReasoningOptions"/> to Gemini's <c>generationConfig.thinkingConfig</c>. The knob differs by model
/// generation, so the whole decision lives here, keyed on the catalog model name:
/// <list type="bullet">
/// <item>Gemini 3 and later: <c>thinkingLevel</c> (<c>minimal</c>/<c>low</c>/<c>medium</c>/<c>high</c>); Gemini 3 Pro
/// accepts only <c>low</c>/<c>high</c> and cannot stop thinking. https://ai.google.dev/gemini-api/docs/gemini-3</item>
/// <item>Gemini 2.5: <c>thinkingBudget</c> in tokens (Flash and Flash-Lite: 0 switches thinking off, at most 24576;
/// Pro: 128 to 32768). https://ai.google.dev/gemini-api/docs/thinking</item>
/// <item>Gemini 2.0 and older, and 2.x image models: no thinking; the option is logged and left out (the API answers
/// 400 to a thinkingConfig on a model that does not think).</item>
/// <item>Gemini 3 image models: thinking is always on; only <c>includeThoughts</c> is sent (level unconfirmed).</item>
/// <item>Names that do not parse (moving aliases such as <c>gemini-flash-latest</c>): <c>thinkingBudget</c>, which
/// Gemini 3 still accepts for backward compatibility.</item>
/// </list>
/// <c>includeThoughts</c> is sent when <see cref="ReasoningOptions.Output"/> asks for a summary or the full text.
/// The two knobs are never sent together (the API rejects that with a 400).
/// </summary>
internal static class GenerateContentThinking
{
    /// <summary>Which thinking knob a model has.</summary>
    internal enum Knob
    {
        /// <summary>The model does not think.</summary>
        None,

        /// <summary><c>thinkingBudget</c> (Gemini 2.5).</summary>
        Budget,

        /// <summary><c>thinkingLevel</c> (Gemini 3 and later).</summary>
        Level,

        /// <summary>Thinking is fixed; only <c>includeThoughts</c> is accepted (Gemini 3 image models).</summary>
        IncludeThoughtsOnly,
    }

    private const int LowBudget = 1024;
    private const int MediumBudget = 8192;
    private const int FlashMaxBudget = 24576;
    private const int ProMaxBudget = 32768;
    private const int ProMinBudget = 128;

    /// <summary>Gets the thinking knob of <paramref name="model"/>.</summary>
    public static Knob KnobOf(CatalogModel model)
    {
        var name = model.Name.ToLowerInvariant();
        if (!TryParseVersion(name, out var major, out var minor))
        {
            return Knob.Budget;
        }

        var isImage = name.Contains("-image", StringComparison.Ordinal);
        if (major >= 3)
        {
            return isImage ? Knob.IncludeThoughtsOnly : Knob.Level;
        }

        return major == 2 && minor >= 5 && !isImage ? Knob.Budget : Knob.None;
    }

    /// <summary>Gets a value indicating whether function calls sent back to <paramref name="model"/> must carry a thought signature.</summary>
    public static bool RequiresFunctionCallSignatures(CatalogModel model) =>
        TryParseVersion(model.Name.ToLowerInvariant(), out var major, out _) && major >= 3;

    /// <summary>Writes <c>"thinkingConfig": {…}</c> when <paramref name="reasoning"/> asks for anything this model can do.</summary>
    /// <returns><see langword="true"/> when something was written.</returns>
    public static bool TryWrite(Utf8JsonWriter writer, Action startGenerationConfig, ReasoningOptions? reasoning, CatalogModel model, ILogger logger, int? maxOutputTokens = null)
    {
        if (reasoning is null || (reasoning.Effort is null && reasoning.Output is null))
        {
            return false;
        }

        var knob = KnobOf(model);
        if (knob == Knob.None)
        {
            AiGatewayLog.GenerateContentReasoningIgnored(logger, model.Id);
            return false;
        }

        var includeThoughts = reasoning.Output is ReasoningOutput.Summary or ReasoningOutput.Full;
        string? level = null;
        int? budget = null;
        if (reasoning.Effort is { } effort)
        {
            var name = model.Name.ToLowerInvariant();
            switch (knob)
            {
                case Knob.Level:
                    level = LevelFor(effort, name);
                    break;
                case Knob.Budget:
                    budget = FitBudget(BudgetFor(effort, name), name, maxOutputTokens, model, logger);
                    break;
            }
        }

        if (level is null && budget is null && !includeThoughts)
        {
            return false;
        }

        startGenerationConfig();
        writer.WriteStartObject("thinkingConfig");
        if (includeThoughts)
        {
            writer.WriteBoolean("includeThoughts", true);
        }

        if (level is not null)
        {
            writer.WriteString("thinkingLevel", level);
        }
        else if (budget is { } tokens)
        {
            writer.WriteNumber("thinkingBudget", tokens);
        }

        writer.WriteEndObject();
        return true;
    }

    private static string LevelFor(ReasoningEffort effort, string name)
    {
        var isFlash = name.Contains("flash", StringComparison.Ordinal);

        // Gemini 3.0 Pro takes only low/high; 3.1 Pro and the Flash models also take medium.
        var isThreeZeroPro = name.StartsWith("gemini-3-pro", StringComparison.Ordinal);
        return effort switch
        {
            ReasoningEffort.None => isFlash ? "minimal" : "low",
            ReasoningEffort.Low => "low",
            ReasoningEffort.Medium => isThreeZeroPro ? "high" : "medium",
            _ => "high",
        };
    }

    /// <summary>
    /// Keeps the thinking budget inside <c>maxOutputTokens</c>, which counts thinking tokens too
    /// (https://ai.google.dev/gemini-api/docs/thinking#set-budget): a budget at or above the limit would leave no room
    /// for the answer. As in the Messages dialect it becomes half the limit, never below the model's minimum.
    /// </summary>
    private static int FitBudget(int budget, string name, int? maxOutputTokens, CatalogModel model, ILogger logger)
    {
        if (maxOutputTokens is not { } limit || limit <= 0 || budget < limit)
        {
            return budget;
        }

        var fitted = Math.Max(name.Contains("-pro", StringComparison.Ordinal) ? ProMinBudget : 1, limit / 2);
        AiGatewayLog.GenerateContentThinkingBudgetLowered(logger, model.Id, fitted, limit);
        return fitted;
    }

    private static int BudgetFor(ReasoningEffort effort, string name)
    {
        var isPro = name.Contains("-pro", StringComparison.Ordinal);
        return effort switch
        {
            ReasoningEffort.None => isPro ? ProMinBudget : 0,
            ReasoningEffort.Low => LowBudget,
            ReasoningEffort.Medium => MediumBudget,
            ReasoningEffort.High => FlashMaxBudget,
            _ => isPro ? ProMaxBudget : FlashMaxBudget,
        };
    }

    /// <summary>Reads the generation from <c>gemini-2.5-flash</c>, <c>gemini-3.1-pro-preview</c> or Neon's <c>gemini-2-5-flash</c>.</summary>
    private static bool TryParseVersion(string name, out int major, out int minor)
    {
        major = 0;
        minor = 0;
        const string Prefix = "gemini-";
        var slash = name.LastIndexOf('/');
        var span = (slash >= 0 ? name[(slash + 1)..] : name).AsSpan();
        if (!span.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        span = span[Prefix.Length..];
        var digits = CountDigits(span);
        if (digits == 0 || !int.TryParse(span[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out major))
        {
            return false;
        }

        span = span[digits..];
        if (span.Length > 1 && span[0] is '.' or '-')
        {
            var minorDigits = CountDigits(span[1..]);
            if (minorDigits > 0)
            {
                _ = int.TryParse(span.Slice(1, minorDigits), NumberStyles.None, CultureInfo.InvariantCulture, out minor);
            }
        }

        return true;
    }

    private static int CountDigits(ReadOnlySpan<char> span)
    {
        var count = 0;
        while (count < span.Length && char.IsAsciiDigit(span[count]))
        {
            count++;
        }

        return count;
    }
}
