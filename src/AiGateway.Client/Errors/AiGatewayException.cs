using System.Net;
using System.Text;

namespace AiGateway.Client;

/// <summary>
/// The base of every exception the AI gateway client throws. Carries what is known about the failed call:
/// the gateway and dialect, the HTTP status, the provider's request id, error code and message, and how long to
/// wait before retrying. Never carries a key, token or <c>Authorization</c> value.
/// </summary>
public class AiGatewayException : Exception
{
    private GatewayKind? _gateway;
    private ChatDialect? _dialect;
    private HttpStatusCode? _statusCode;
    private string? _requestId;
    private string? _errorCode;
    private string? _providerMessage;
    private TimeSpan? _retryAfter;
    private string? _modelId;
    private bool _isTransient;

    /// <summary>Creates an exception with a message.</summary>
    public AiGatewayException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What happened and how to fix it.</param>
    public AiGatewayException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What happened and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public AiGatewayException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the gateway that was called, when known.</summary>
    public GatewayKind? Gateway { get => _gateway; init => _gateway = value; }

    /// <summary>Gets the wire dialect of the failed call, when known.</summary>
    public ChatDialect? Dialect { get => _dialect; init => _dialect = value; }

    /// <summary>Gets the HTTP status code the gateway answered with, or <see langword="null"/> when no response arrived.</summary>
    public HttpStatusCode? StatusCode { get => _statusCode; init => _statusCode = value; }

    /// <summary>Gets the request id the gateway or provider assigned (from headers or the error body), when present.</summary>
    public string? RequestId { get => _requestId; init => _requestId = value; }

    /// <summary>Gets the provider's machine-readable error code or type (for example <c>rate_limit_exceeded</c>).</summary>
    public string? ErrorCode { get => _errorCode; init => _errorCode = value; }

    /// <summary>Gets the provider's own human-readable error message.</summary>
    public string? ProviderMessage { get => _providerMessage; init => _providerMessage = value; }

    /// <summary>
    /// Gets how long the gateway asked the caller to wait before retrying, when it said so (<c>retry-after-ms</c>,
    /// <c>Retry-After</c> seconds or date, or Google's <c>RetryInfo</c>), clamped to between zero and one day: a longer or
    /// endless hint reads as one day, a negative or past one as zero, and one that is not a number is ignored.
    /// </summary>
    public TimeSpan? RetryAfter { get => _retryAfter; init => _retryAfter = value; }

    /// <summary>Gets the model id the call was made for, when known.</summary>
    public string? ModelId { get => _modelId; init => _modelId = value; }

    /// <summary>
    /// Gets a value indicating whether retrying the same call may succeed (408, 409, 429 with a retry hint, 5xx,
    /// 529, connection failures). Failover uses this.
    /// </summary>
    public bool IsTransient { get => _isTransient; init => _isTransient = value; }

    /// <summary>Fills the structured fields after construction (the reader builds each family member once).</summary>
    internal AiGatewayException SetDetails(
        GatewayKind? gateway, ChatDialect? dialect, HttpStatusCode? statusCode, string? requestId, string? errorCode,
        string? providerMessage, TimeSpan? retryAfter, string? modelId, bool isTransient)
    {
        _gateway = gateway;
        _dialect = dialect;
        _statusCode = statusCode;
        _requestId = requestId;
        _errorCode = errorCode;
        _providerMessage = providerMessage;
        _retryAfter = retryAfter;
        _modelId = modelId;
        _isTransient = isTransient;
        return this;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        // Exception.ToString includes Message and the stack; add the structured fields (none of them secret).
        var builder = new StringBuilder(base.ToString());
        Append(builder, nameof(Gateway), Gateway?.ToString());
        Append(builder, nameof(Dialect), Dialect?.ToString());
        Append(builder, nameof(StatusCode), StatusCode is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        Append(builder, nameof(RequestId), RequestId);
        Append(builder, nameof(ErrorCode), ErrorCode);
        return builder.ToString();

        static void Append(StringBuilder builder, string name, string? value)
        {
            if (value is not null)
            {
                builder.Append(Environment.NewLine).Append(name).Append(": ").Append(value);
            }
        }
    }
}
