namespace AiGateway.Client.Dialects.Responses;

/// <summary>
/// One item of <c>response.output</c> (and of <c>response.output_item.added</c>/<c>.done</c>). The API's item union is
/// flattened into one shape because only a few fields per type matter: <c>message</c> (role, content),
/// <c>reasoning</c> (summary, content, encrypted_content), <c>function_call</c> (call_id, name, arguments) and
/// <c>image_generation_call</c> (result, output_format), <c>web_search_call</c> (action) and <c>code_interpreter_call</c>
/// (code, container_id, outputs). Other item types (file_search_call, …) are kept in
/// <see cref="Microsoft.Extensions.AI.ChatResponse.RawRepresentation"/> only.
/// See https://platform.openai.com/docs/api-reference/responses/object#responses/object-output.
/// </summary>
internal sealed class ResponseOutputItem
{
    public string? Type { get; set; }

    public string? Id { get; set; }

    public string? Status { get; set; }

    public string? Role { get; set; }

    /// <summary>Gets or sets the parts of a <c>message</c> (output_text, refusal) or of a <c>reasoning</c> item (reasoning_text).</summary>
    public List<ResponseContentPart>? Content { get; set; }

    /// <summary>Gets or sets the summary parts of a <c>reasoning</c> item (summary_text).</summary>
    public List<ResponseContentPart>? Summary { get; set; }

    /// <summary>Gets or sets the opaque reasoning state, present when the request included <c>reasoning.encrypted_content</c>.</summary>
    public string? EncryptedContent { get; set; }

    public string? CallId { get; set; }

    public string? Name { get; set; }

    /// <summary>Gets or sets the arguments of a <c>function_call</c>, as JSON text.</summary>
    public string? Arguments { get; set; }

    /// <summary>Gets or sets the base64 image of an <c>image_generation_call</c>.</summary>
    public string? Result { get; set; }

    /// <summary>Gets or sets the image format of an <c>image_generation_call</c> (png, jpeg, webp), when reported.</summary>
    public string? OutputFormat { get; set; }

    /// <summary>Gets or sets what a <c>web_search_call</c> did (<c>search</c> with queries and sources, <c>open_page</c>, <c>find_in_page</c>).</summary>
    public System.Text.Json.JsonElement Action { get; set; }

    /// <summary>Gets or sets the code a <c>code_interpreter_call</c> ran.</summary>
    public string? Code { get; set; }

    /// <summary>Gets or sets the container a <c>code_interpreter_call</c> ran in.</summary>
    public string? ContainerId { get; set; }

    /// <summary>Gets or sets the outputs of a <c>code_interpreter_call</c> (<c>logs</c>, <c>image</c>), or JSON null.</summary>
    public System.Text.Json.JsonElement Outputs { get; set; }
}
