// Why this file is long: the one place every gateway's and dialect's error envelope is parsed and classified (status, code, Retry-After, quota, hint), so a failure reads the same whatever route it came by.
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using AiGateway.Client.Diagnostics;
using AiGateway.Client.Gateways;
using AiGateway.Client.Routing;

namespace AiGateway.Client.Errors;

/// <summary>
/// Turns a failed HTTP response (or a mid-stream error event) into the right <see cref="AiGatewayException"/>.
/// One reader serves every dialect and gateway because the envelopes overlap: it recognises OpenAI/Vercel
/// <c>{"error":{message,type,param,code}}</c>, Anthropic <c>{"type":"error","error":{type,message},"request_id"}</c>,
/// Google <c>{"error":{code,message,status,details}}</c> (RetryInfo honoured), Neon's flat
/// <c>{"error_code","message"}</c> (message possibly a JSON string), Cloudflare's
/// <c>{"success":false,"error":[{code,message}]}</c>, a bare <c>{"error":"…"}</c> or <c>{"message":"…"}</c>, and plain text.
/// </summary>
internal static class ErrorResponseReader
{
    private const int MaxQuotedBody = 500;

    /// <summary>The parsed parts of an error body.</summary>
    internal readonly record struct ErrorBody(string? Code, string? Message, string? RequestId, TimeSpan? RetryDelay);

    public static AiGatewayException Create(
        HttpStatusCode status,
        HttpResponseHeaders? headers,
        ReadOnlySpan<byte> body,
        Route route,
        TimeProvider timeProvider,
        Func<IReadOnlyList<string>>? suggestModels = null)
    {
        var parsed = Parse(body);
        var requestId = parsed.RequestId ?? ReadRequestId(headers);
        var retryAfter = ReadRetryAfter(headers, timeProvider) ?? parsed.RetryDelay;
        return Build((int)status, parsed.Code, parsed.Message, requestId, retryAfter, route, suggestModels, inner: null);
    }

    /// <summary>Whether an error body says the account's quota or credits ran out (<c>insufficient_quota</c>), which no retry fixes.</summary>
    internal static bool IsQuotaExhausted(ReadOnlySpan<byte> body)
    {
        try
        {
            return Parse(body).Code is "insufficient_quota";
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException or FormatException)
        {
            // An unreadable body says nothing about quota; the status decides.
            return false;
        }
    }

    /// <summary>Builds the exception for an <c>error</c> event that arrived inside a stream.</summary>
    public static AiGatewayException FromStreamError(string? code, string? message, int? status, Route route)
    {
        // A mid-stream error has no HTTP status of its own; map the provider's code to the status it stands for.
        var effectiveStatus = status ?? StatusForCode(code);
        var ex = Build(effectiveStatus, code, message, requestId: null, retryAfter: null, route, suggestModels: null, inner: null);
        return ex;
    }

    public static AiGatewayException Build(
        int status,
        string? code,
        string? providerMessage,
        string? requestId,
        TimeSpan? retryAfter,
        Route route,
        Func<IReadOnlyList<string>>? suggestModels,
        Exception? inner)
    {
        var gateway = route.Gateway.Kind;

        // The body was already redacted by shape; a gateway may also echo the exact key it was sent.
        providerMessage = providerMessage is null ? null : SecretRedactor.Redact(providerMessage, route.Gateway);
        code = code is null ? null : SecretRedactor.Redact(code, route.Gateway);
        var reason = DescribeStatus(status);
        var modelUnknown = LooksLikeUnknownModel(status, code, providerMessage);
        var suggestions = modelUnknown ? suggestModels?.Invoke() ?? [] : [];

        var message = new StringBuilder()
            .Append(route.Gateway.Name).Append(" answered ").Append(status > 0 ? status.ToString(CultureInfo.InvariantCulture) + " " + reason : reason)
            .Append(" for model '").Append(route.WireModelId).Append("' (").Append(route.Dialect).Append(')');
        if (!string.IsNullOrEmpty(providerMessage))
        {
            message.Append(": ").Append(providerMessage);
        }

        if (!string.IsNullOrEmpty(code))
        {
            message.Append(" [").Append(code).Append(']');
        }

        // Google answers a bad API key with 400 INVALID_ARGUMENT; its ErrorInfo reason (API_KEY_INVALID, …) says what it is.
        var keyRejected = IsGoogleApiKeyReason(code);

        // insufficient_quota arrives as a 429 but is a billing state, not a passing limit: retrying cannot help
        // (https://platform.openai.com/docs/guides/error-codes/api-errors), so the hint must not say "retry".
        var quotaExhausted = code is "insufficient_quota";
        message.Append(". ").Append(quotaExhausted
            ? "The account's quota or credits ran out; add credits or raise the spending limit in the provider's billing settings. Not retried."
            : Hint(keyRejected ? 401 : status, gateway, retryAfter, modelUnknown, suggestions));
        if (requestId is not null)
        {
            message.Append(" Request id: ").Append(requestId).Append('.');
        }

        var text = message.ToString();
        var statusCode = status > 0 ? (HttpStatusCode?)status : null;
        var transient = IsTransient(status, gateway, retryAfter) && !quotaExhausted;

        AiGatewayException ex = status switch
        {
            _ when modelUnknown => new ModelNotFoundException(text, inner) { Suggestions = suggestions },
            _ when keyRejected => new AuthenticationFailedException(text, inner),
            401 or 403 => new AuthenticationFailedException(text, inner),
            402 => new BudgetExceededException(text, inner),
            429 => new RateLimitExceededException(text, inner),
            400 or 404 or 413 or 422 => new InvalidRequestException(text, inner),
            408 or 409 or >= 500 => new ProviderUnavailableException(text, inner),
            _ => new AiGatewayException(text, inner),
        };

        return ex.SetDetails(gateway, route.Dialect, statusCode, requestId, code, providerMessage, retryAfter, route.Model.Id, transient && ex is not (ModelNotFoundException or BudgetExceededException or AuthenticationFailedException or InvalidRequestException));
    }

    /// <summary>
    /// 408, 409, 429, 500, 502, 503, 504, 529 are transient (docs/gateways.md, "Retry semantics"); Neon's 429 only
    /// with Retry-After (<see cref="NeonErrors"/>).
    /// </summary>
    internal static bool IsTransient(int status, GatewayKind gateway, TimeSpan? retryAfter) => status switch
    {
        429 => gateway != GatewayKind.Neon || NeonErrors.IsRateLimitTransient(retryAfter),
        408 or 409 or 500 or 502 or 503 or 504 or 529 => true,
        _ => false,
    };

    /// <summary>
    /// The HTTP status each provider pairs with an error type: Anthropic's types
    /// (https://docs.anthropic.com/en/api/errors: 402 billing_error, 413 request_too_large, 504 timeout_error,
    /// 529 overloaded_error, …) and Google's statuses (https://ai.google.dev/gemini-api/docs/troubleshooting:
    /// 400 FAILED_PRECONDITION, 504 DEADLINE_EXCEEDED, …), so a mid-stream error is classified and retried like the
    /// HTTP error it stands for.
    /// </summary>
    private static int StatusForCode(string? code) => code switch
    {
        "overloaded_error" => 529,
        "rate_limit_error" or "rate_limit_exceeded" or "insufficient_quota" or "RESOURCE_EXHAUSTED" => 429,
        "api_error" or "server_error" or "internal_error" or "INTERNAL" => 500,
        "UNAVAILABLE" => 503,
        "timeout_error" or "DEADLINE_EXCEEDED" => 504,
        "authentication_error" or "invalid_api_key" or "UNAUTHENTICATED" => 401,
        "billing_error" => 402,
        "permission_error" or "PERMISSION_DENIED" => 403,
        "not_found_error" or "model_not_found" or "NOT_FOUND" => 404,
        "request_too_large" => 413,
        "invalid_request_error" or "INVALID_ARGUMENT" or "FAILED_PRECONDITION" => 400,
        _ => 0,
    };

    private static bool LooksLikeUnknownModel(int status, string? code, string? message)
    {
        if (code is "model_not_found" or "unknown_model" or "invalid_model")
        {
            return true;
        }

        if (status is not (400 or 404) || message is null)
        {
            return false;
        }

        // Anthropic names only the model: 404 {"type":"not_found_error","message":"model: claude-x"}
        // (as seen in https://github.com/anthropics/claude-code/issues/5349).
        if (code == "not_found_error" && message.StartsWith("model:", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // Gateways word it differently: "unknown model", "model not found", "The model `x` does not exist",
        // "unsupported model", "Model x is not available". "…is not supported with this model" is about a
        // parameter, not the model, so "not supported" alone does not count.
        var m = message.AsSpan();

        // "Unsupported parameter: 'temperature' is not supported with this model." names a parameter the model
        // rejects (OpenAI Responses fixture reasoning-model-temperature-error.json): the model exists.
        if (m.Contains("parameter", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return m.Contains("unknown model", StringComparison.OrdinalIgnoreCase)
            || m.Contains("model not found", StringComparison.OrdinalIgnoreCase)
            || m.Contains("invalid model", StringComparison.OrdinalIgnoreCase)
            || m.Contains("unsupported model", StringComparison.OrdinalIgnoreCase)
            || m.Contains("no such model", StringComparison.OrdinalIgnoreCase)
            || (m.StartsWith("model", StringComparison.OrdinalIgnoreCase) || m.Contains("the model", StringComparison.OrdinalIgnoreCase))
                && (m.Contains("does not exist", StringComparison.OrdinalIgnoreCase)
                    || m.Contains("not found", StringComparison.OrdinalIgnoreCase)
                    || m.Contains("is not available", StringComparison.OrdinalIgnoreCase));
    }

    private static string Hint(int status, GatewayKind gateway, TimeSpan? retryAfter, bool modelUnknown, IReadOnlyList<string> suggestions)
    {
        if (modelUnknown)
        {
            return suggestions.Count > 0
                ? $"This gateway does not serve that model; did you mean {string.Join(", ", suggestions.Select(s => "'" + s + "'"))}?"
                : "This gateway does not serve that model; check the id against the gateway's model list.";
        }

        return status switch
        {
            401 => "The key or token was missing, wrong or expired; run GatewayEnvironment.Diagnose() to see which variable it came from.",
            403 => "The key or token is valid but not allowed to use this model or endpoint.",
            402 => "A spending limit or the account's credits ran out; raise the budget or add credits. Not retried.",
            429 when retryAfter is { } wait => $"Rate limited; retry after {wait.TotalSeconds:0.###}s.",
            429 when gateway == GatewayKind.Neon => NeonErrors.RateLimitWithoutRetryAfterHint,
            429 => "Rate limited; retry later with backoff.",
            400 or 422 => "The request was rejected as invalid; check the options this model accepts.",
            404 => "The endpoint or model was not found; check the model id and the gateway base URL.",
            413 => "The request is too large for this gateway.",
            408 or 504 => "The gateway timed out; retrying may succeed.",
            >= 500 => "The gateway or provider failed; retrying may succeed.",
            0 => "The stream reported an error.",
            _ => "See the provider message.",
        };
    }

    private static string DescribeStatus(int status) => status switch
    {
        0 => "an error event",
        529 => "Overloaded",
        _ => Enum.IsDefined(typeof(HttpStatusCode), status) ? SplitWords(((HttpStatusCode)status).ToString()) : "error",
    };

    private static string SplitWords(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                builder.Append(' ');
            }

            builder.Append(name[i]);
        }

        return builder.ToString();
    }

    internal static string? ReadRequestId(HttpResponseHeaders? headers)
    {
        if (headers is null)
        {
            return null;
        }

        foreach (var name in (ReadOnlySpan<string>)["x-request-id", "request-id", "cf-aig-log-id", "x-vercel-id", "cf-ray"])
        {
            if (headers.TryGetValues(name, out var values))
            {
                foreach (var value in values)
                {
                    return value;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The longest wait a gateway's retry hint is read as: one day, the most <c>FailoverOptions.MaxRetryAfter</c> allows.
    /// A longer hint (<c>retry-after-ms: 1e300</c>, <c>Infinity</c>, a date in the year 9999) still means "not soon", which
    /// a day says as well, so failover moves on to the next target; a negative or past one means "now" (zero).
    /// </summary>
    internal static readonly TimeSpan MaxRetryAfter = TimeSpan.FromDays(1);

    /// <summary>
    /// Reads <c>retry-after-ms</c> (non-standard, milliseconds, as OpenAI's SDKs read it first:
    /// https://github.com/openai/openai-python/pull/1086), then <c>Retry-After</c> (delay-seconds or an HTTP date,
    /// RFC 9110 §10.2.3; https://learn.microsoft.com/microsoft-cloud/dev/dev-proxy/concepts/retry-after-header), clamped
    /// to zero up to <see cref="MaxRetryAfter"/>. A value that is not a number or a date (<c>NaN</c>, text) is ignored.
    /// </summary>
    internal static TimeSpan? ReadRetryAfter(HttpResponseHeaders? headers, TimeProvider timeProvider)
    {
        if (headers is null)
        {
            return null;
        }

        if (headers.TryGetValues("retry-after-ms", out var ms) && ClampedSeconds(ms.FirstOrDefault(), 0.001) is { } fromMillis)
        {
            return fromMillis;
        }

        if (headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return Clamp(delta);
            }

            if (retryAfter.Date is { } date)
            {
                return Clamp(date - timeProvider.GetUtcNow());
            }
        }

        // HttpClient's parser refuses delay-seconds beyond int.MaxValue, and then RetryAfter is null; the raw value
        // still asks for a (very) long wait.
        return headers.TryGetValues("Retry-After", out var raw) ? ClampedSeconds(raw.FirstOrDefault(), 1) : null;
    }

    /// <summary>Reads a number of <paramref name="secondsPerUnit"/> units as a clamped wait; <see langword="null"/> when it is not a number.</summary>
    private static TimeSpan? ClampedSeconds(ReadOnlySpan<char> text, double secondsPerUnit)
    {
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var units) || double.IsNaN(units))
        {
            return null;
        }

        var seconds = units * secondsPerUnit;
        return seconds <= 0 ? TimeSpan.Zero
            : seconds >= MaxRetryAfter.TotalSeconds ? MaxRetryAfter
            : TimeSpan.FromSeconds(seconds);
    }

    private static TimeSpan Clamp(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxRetryAfter ? MaxRetryAfter : wait;

    internal static ErrorBody Parse(ReadOnlySpan<byte> body)
    {
        var trimmed = Trim(body);
        if (trimmed.IsEmpty)
        {
            return default;
        }

        // An error body is read once, on a path that is already failing: invalid UTF-8 (a proxy's page in Latin-1, a
        // body cut mid-character) is decoded leniently (U+FFFD) up front, so no string read below can throw on it.
        if (!Utf8.IsValid(trimmed))
        {
            trimmed = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(trimmed));
        }

        if (trimmed[0] is (byte)'{' or (byte)'[')
        {
            try
            {
                var reader = new Utf8JsonReader(trimmed);
                using var doc = JsonDocument.ParseValue(ref reader);
                var parsed = FromJson(doc.RootElement, depth: 0);
                if (parsed.Code is not null || parsed.Message is not null)
                {
                    return parsed;
                }
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                // Not JSON after all (a truncated body), or a string escape no .NET string can hold (a lone surrogate
                // such as \ud800): fall through to plain text.
            }
        }

        return new ErrorBody(null, Quote(Encoding.UTF8.GetString(trimmed)), null, null);
    }

    private static ErrorBody FromJson(JsonElement root, int depth)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            // Gemini's non-SSE stream wraps errors in an array.
            return root.GetArrayLength() > 0 ? FromJson(root[0], depth) : default;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return default;
        }

        string? code = null, message = null, requestId = null;
        TimeSpan? retryDelay = null;
        if (root.TryGetProperty("request_id", out var rid) && rid.ValueKind == JsonValueKind.String)
        {
            requestId = rid.GetString();
        }

        if (root.TryGetProperty("error", out var error))
        {
            switch (error.ValueKind)
            {
                case JsonValueKind.Object:
                    // OpenAI/Vercel: code (string/null) + type; Anthropic: type; Google: status + numeric code.
                    code = StringOf(error, "code") is { } c && !IsNumber(error, "code") ? c : null;
                    code ??= StringOf(error, "status") ?? StringOf(error, "type");
                    message = StringOf(error, "message");
                    retryDelay = ReadGoogleRetryDelay(error);
                    code = ReadGoogleApiKeyReason(error) ?? code;
                    break;
                case JsonValueKind.Array:
                    // Cloudflare: {"success":false,"error":[{"code":2009,"message":"Unauthorized"}]}
                    return FromCloudflare(error, requestId);
                case JsonValueKind.String:
                    message = error.GetString();
                    break;
            }
        }
        else if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
        {
            return FromCloudflare(errors, requestId);
        }

        // Neon/Databricks flat form: {"error_code":"…","message":"…"}; message may itself be a JSON error body.
        code ??= StringOf(root, "error_code");
        message ??= StringOf(root, "message") ?? StringOf(root, "detail");
        if (message is { Length: > 1 } && message[0] == '{' && depth < 2)
        {
            var inner = ParseNested(message, depth + 1);
            if (inner.Message is not null)
            {
                return new ErrorBody(inner.Code ?? code, inner.Message, requestId ?? inner.RequestId, retryDelay ?? inner.RetryDelay);
            }
        }

        return new ErrorBody(code, message is null ? null : Quote(message), requestId, retryDelay);
    }

    private static ErrorBody ParseNested(string json, int depth)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return FromJson(doc.RootElement, depth);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return default;
        }
    }

    private static ErrorBody FromCloudflare(JsonElement errors, string? requestId)
    {
        foreach (var item in errors.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                var code = item.TryGetProperty("code", out var c) ? c.ToString() : null;
                return new ErrorBody(code, StringOf(item, "message") is { } m ? Quote(m) : null, requestId, null);
            }
        }

        return default;
    }

    /// <summary>
    /// Reads a Google <c>ErrorInfo.reason</c> about the API key (<c>API_KEY_INVALID</c>, <c>API_KEY_EXPIRED</c>, …), which
    /// is more precise than the status <c>INVALID_ARGUMENT</c> it comes with.
    /// https://cloud.google.com/apis/design/errors#error_info
    /// </summary>
    private static string? ReadGoogleApiKeyReason(JsonElement error)
    {
        if (!error.TryGetProperty("details", out var details) || details.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var detail in details.EnumerateArray())
        {
            if (StringOf(detail, "reason") is { } reason && IsGoogleApiKeyReason(reason))
            {
                return reason;
            }
        }

        return null;
    }

    private static bool IsGoogleApiKeyReason(string? code) => code is not null && code.StartsWith("API_KEY_", StringComparison.Ordinal);

    private static TimeSpan? ReadGoogleRetryDelay(JsonElement error)
    {
        if (!error.TryGetProperty("details", out var details) || details.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var detail in details.EnumerateArray())
        {
            // {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"37s"}
            if (StringOf(detail, "retryDelay") is { } delay && delay.EndsWith('s')
                && ClampedSeconds(delay.AsSpan(0, delay.Length - 1), 1) is { } wait)
            {
                return wait;
            }
        }

        return null;
    }

    private static bool IsNumber(JsonElement obj, string name) => obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number;

    private static string? StringOf(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    private static string Quote(string text)
    {
        var oneLine = text.ReplaceLineEndings(" ").Trim();
        if (oneLine.Length > MaxQuotedBody)
        {
            oneLine = string.Concat(oneLine.AsSpan(0, MaxQuotedBody), "…");
        }

        return SecretRedactor.Redact(oneLine);
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> body)
    {
        // Skip a UTF-8 BOM and surrounding whitespace.
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            body = body[3..];
        }

        return body.Trim((ReadOnlySpan<byte>)[(byte)' ', (byte)'\t', (byte)'\r', (byte)'\n']);
    }
}
