using AiGateway.Client.Gateways;
using static AiGateway.Client.Tests.Gateways.GatewayTestSupport;

namespace AiGateway.Client.Tests.Gateways;

public sealed class CloudflareGatewayTests
{
    private const string Account = "0123456789abcdef0123456789abcdef";
    private const string GatewayId = "my-gateway";
    private const string Base = "https://gateway.ai.cloudflare.com/v1/" + Account + "/" + GatewayId + "/";
    private const string GatewayToken = "cf-aig-token-7777";
    private const string OpenAIKey = "sk-openai-key-8888";
    private const string AnthropicKey = "sk-ant-anthropic-key-9999";
    private const string GoogleKey = "AIza-google-key-0000";
    private const string WorkersToken = "cf-api-token-1212";

    private static readonly (string, string)[] Ids = [("CLOUDFLARE_ACCOUNT_ID", Account), ("CLOUDFLARE_AI_GATEWAY_ID", GatewayId)];
    private static readonly (string, string)[] AllKeys = [("OPENAI_API_KEY", OpenAIKey), ("ANTHROPIC_API_KEY", AnthropicKey), ("GEMINI_API_KEY", GoogleKey)];

    private static CloudflareGateway Profile(bool token = true, bool keys = true) => new(Account, GatewayId)
    {
        GatewayToken = token ? GatewayCredential.FromValue(GatewayToken, "CLOUDFLARE_AI_GATEWAY_TOKEN") : null,
        OpenAIKey = keys ? GatewayCredential.FromValue(OpenAIKey, "OPENAI_API_KEY") : null,
        AnthropicKey = keys ? GatewayCredential.FromValue(AnthropicKey, "ANTHROPIC_API_KEY") : null,
        GoogleKey = keys ? GatewayCredential.FromValue(GoogleKey, "GEMINI_API_KEY") : null,
        WorkersAIToken = keys ? GatewayCredential.FromValue(WorkersToken, "CLOUDFLARE_API_TOKEN") : null,
    };

    [Theory]
    [InlineData(ChatDialect.ChatCompletions, "openai", false, Base + "openai/chat/completions")]
    [InlineData(ChatDialect.Responses, "openai", false, Base + "openai/responses")]
    [InlineData(ChatDialect.Messages, "anthropic", false, Base + "anthropic/v1/messages")]
    [InlineData(ChatDialect.GenerateContent, "google", false, Base + "google-ai-studio/v1beta/models/gemini-2.5-flash:generateContent")]
    [InlineData(ChatDialect.GenerateContent, "google", true, Base + "google-ai-studio/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")]
    [InlineData(ChatDialect.ChatCompletions, "workers-ai", false, Base + "workers-ai/v1/chat/completions")]
    public void Each_provider_has_its_native_route(ChatDialect dialect, string provider, bool streaming, string expected)
    {
        var model = provider switch { "openai" => OpenAIModel, "anthropic" => AnthropicModel, "google" => GoogleModel, _ => WorkersAIModel };

        Assert.Equal(expected, Profile().GetEndpoint(dialect, model, "gemini-2.5-flash", streaming).AbsoluteUri);
    }

    [Fact]
    public void A_catalog_model_with_a_cf_alias_or_workers_ai_creator_goes_to_workers_ai()
    {
        var byAlias = new AiGateway.Client.Catalog.CatalogModel("meta/llama-3.1-8b-instruct") { Aliases = ["@cf/meta/llama-3.1-8b-instruct"] };
        var byCreator = new AiGateway.Client.Catalog.CatalogModel("workers-ai/llama-3.1-8b-instruct");

        Assert.All([byAlias, byCreator], model =>
            Assert.Equal(Base + "workers-ai/v1/chat/completions", Profile().GetEndpoint(ChatDialect.ChatCompletions, model, "@cf/meta/llama-3.1-8b-instruct", false).AbsoluteUri));
    }

    [Theory]
    [InlineData(ChatDialect.ChatCompletions, "openai", "authorization", "Bearer " + OpenAIKey)]
    [InlineData(ChatDialect.Responses, "openai", "authorization", "Bearer " + OpenAIKey)]
    [InlineData(ChatDialect.Messages, "anthropic", "x-api-key", AnthropicKey)]
    [InlineData(ChatDialect.GenerateContent, "google", "x-goog-api-key", GoogleKey)]
    [InlineData(ChatDialect.ChatCompletions, "workers-ai", "authorization", "Bearer " + WorkersToken)]
    public void Each_provider_key_goes_in_its_native_header_beside_the_gateway_token(ChatDialect dialect, string provider, string header, string value)
    {
        var model = provider switch { "openai" => OpenAIModel, "anthropic" => AnthropicModel, "google" => GoogleModel, _ => WorkersAIModel };
        using var request = Authenticated(Profile(), dialect, model);

        Assert.Equal(value, Header(request, header));
        Assert.Equal("Bearer " + GatewayToken, Header(request, "cf-aig-authorization"));
        Assert.Equal(new[] { header, "cf-aig-authorization" }.Order(), PresentAuthHeaders(request).Order());
    }

    [Fact]
    public void Without_a_gateway_token_no_cf_aig_authorization_is_sent()
    {
        using var request = Authenticated(Profile(token: false), ChatDialect.ChatCompletions, OpenAIModel);

        Assert.Equal(["authorization"], PresentAuthHeaders(request));
    }

    [Theory]
    [InlineData(ChatDialect.ChatCompletions, "openai")]
    [InlineData(ChatDialect.Messages, "anthropic")]
    [InlineData(ChatDialect.GenerateContent, "google")]
    public void With_keys_stored_in_the_gateway_only_the_gateway_token_is_sent(ChatDialect dialect, string provider)
    {
        var model = provider switch { "openai" => OpenAIModel, "anthropic" => AnthropicModel, _ => GoogleModel };
        using var request = Authenticated(Profile(keys: false), dialect, model);

        Assert.Equal(["cf-aig-authorization"], PresentAuthHeaders(request));
        Assert.True(Profile(keys: false).CanServe(dialect, model));
    }

    [Fact]
    public void Messages_always_carries_the_anthropic_version()
    {
        using var withKey = Authenticated(Profile(), ChatDialect.Messages, AnthropicModel);
        using var stored = Authenticated(Profile(keys: false), ChatDialect.Messages, AnthropicModel);

        Assert.Equal("2023-06-01", Header(withKey, "anthropic-version"));
        Assert.Equal("2023-06-01", Header(stored, "anthropic-version"));
    }

    [Fact]
    public void Without_a_key_or_gateway_token_a_provider_cannot_be_served()
    {
        var profile = new CloudflareGateway(Account, GatewayId) { OpenAIKey = GatewayCredential.FromValue(OpenAIKey, "OPENAI_API_KEY") };

        Assert.True(profile.CanServe(ChatDialect.ChatCompletions, OpenAIModel));
        Assert.False(profile.CanServe(ChatDialect.Messages, AnthropicModel));
        var error = Assert.Throws<AiGateway.Client.GatewayConfigurationException>(() => Authenticated(profile, ChatDialect.Messages, AnthropicModel));
        Assert.Contains("ANTHROPIC_API_KEY", error.Message);
        Assert.Contains("CLOUDFLARE_AI_GATEWAY_TOKEN", error.Message);
    }

    [Theory]
    [InlineData(ChatDialect.Messages, "openai")]
    [InlineData(ChatDialect.ChatCompletions, "anthropic")]
    [InlineData(ChatDialect.Responses, "google")]
    [InlineData(ChatDialect.ChatCompletions, "meta")]
    public void A_model_is_not_served_in_another_providers_dialect(ChatDialect dialect, string creator)
    {
        var model = creator switch { "openai" => OpenAIModel, "anthropic" => AnthropicModel, "google" => GoogleModel, _ => OtherModel };

        Assert.False(Profile().CanServe(dialect, model));
    }

    [Theory]
    [InlineData("CLOUDFLARE_ACCOUNT_ID", "CLOUDFLARE_AI_GATEWAY_ID")]
    [InlineData("CF_ACCOUNT_ID", "CLOUDFLARE_GATEWAY_ID")]
    [InlineData("CLOUDFLARE_ACCOUNT_ID", "CF_AIG_ID")]
    public void Account_and_gateway_ids_are_read_from_each_accepted_variable(string accountVariable, string gatewayVariable)
    {
        var primary = Detect((accountVariable, Account), (gatewayVariable, GatewayId), ("OPENAI_API_KEY", OpenAIKey)).Primary;

        var cloudflare = Assert.IsType<CloudflareGateway>(primary);
        Assert.Equal(Account, cloudflare.AccountId);
        Assert.Equal(GatewayId, cloudflare.GatewayId);
        Assert.Contains(accountVariable, primary.Sources);
        Assert.Contains(gatewayVariable, primary.Sources);
    }

    [Theory]
    [InlineData("CLOUDFLARE_AI_GATEWAY_TOKEN")]
    [InlineData("CF_AIG_TOKEN")]
    public void The_gateway_token_is_read_from_each_accepted_variable(string tokenVariable)
    {
        var primary = Detect([.. Ids, (tokenVariable, GatewayToken)]).Primary;
        using var request = Authenticated(primary, ChatDialect.ChatCompletions, OpenAIModel);

        Assert.Equal("Bearer " + GatewayToken, Header(request, "cf-aig-authorization"));
        Assert.Contains(tokenVariable, primary.Sources);
    }

    [Theory]
    [InlineData("OPENAI_API_KEY", ChatDialect.ChatCompletions, "openai", "authorization")]
    [InlineData("ANTHROPIC_API_KEY", ChatDialect.Messages, "anthropic", "x-api-key")]
    [InlineData("GEMINI_API_KEY", ChatDialect.GenerateContent, "google", "x-goog-api-key")]
    [InlineData("GOOGLE_API_KEY", ChatDialect.GenerateContent, "google", "x-goog-api-key")]
    [InlineData("CLOUDFLARE_API_TOKEN", ChatDialect.ChatCompletions, "workers-ai", "authorization")]
    [InlineData("CF_API_TOKEN", ChatDialect.ChatCompletions, "workers-ai", "authorization")]
    public void Provider_keys_are_read_from_their_variables(string variable, ChatDialect dialect, string provider, string header)
    {
        var model = provider switch { "openai" => OpenAIModel, "anthropic" => AnthropicModel, "google" => GoogleModel, _ => WorkersAIModel };
        var primary = Detect([.. Ids, (variable, "provider-secret-3434")]).Primary;
        using var request = Authenticated(primary, dialect, model);

        Assert.Contains("provider-secret-3434", Header(request, header));
        Assert.True(primary.CanServe(dialect, model));
    }

    [Theory]
    [InlineData("OPENAI_BASE_URL", "openai")]
    [InlineData("ANTHROPIC_BASE_URL", "anthropic")]
    [InlineData("GOOGLE_GEMINI_BASE_URL", "google-ai-studio")]
    public void A_provider_base_url_on_the_gateway_identifies_it(string variable, string provider)
    {
        var environment = Detect((variable, Base + provider), ("CF_AIG_TOKEN", GatewayToken));

        var cloudflare = Assert.IsType<CloudflareGateway>(environment.Primary);
        Assert.Equal(Account, cloudflare.AccountId);
        Assert.Equal(GatewayId, cloudflare.GatewayId);
        Assert.Contains(variable, cloudflare.Sources);
    }

    [Fact]
    public void An_openai_pair_aimed_at_cloudflare_is_its_key_and_not_a_direct_target()
    {
        var environment = Detect(("OPENAI_API_KEY", OpenAIKey), ("OPENAI_BASE_URL", Base + "openai"));

        Assert.Equal([GatewayKind.Cloudflare], environment.Detected.Select(g => g.Kind));
        using var request = Authenticated(environment.Primary, ChatDialect.ChatCompletions, OpenAIModel);
        Assert.Equal("Bearer " + OpenAIKey, Header(request, "authorization"));
    }

    [Fact]
    public void Provider_keys_without_base_urls_also_make_a_direct_failover_target()
    {
        var environment = Detect([.. Ids, .. AllKeys]);

        Assert.Equal([GatewayKind.Cloudflare, GatewayKind.Direct], environment.Detected.Select(g => g.Kind));
    }

    [Fact]
    public void A_gateway_id_without_an_account_id_is_an_error_naming_the_account_variables()
    {
        var error = DetectError(("CLOUDFLARE_AI_GATEWAY_ID", GatewayId), ("OPENAI_API_KEY", OpenAIKey));

        Assert.Contains("CLOUDFLARE_ACCOUNT_ID", error.Message);
        Assert.Contains("CF_ACCOUNT_ID", error.Message);
    }

    [Fact]
    public void An_account_id_with_a_gateway_token_but_no_gateway_id_is_an_error_naming_the_gateway_variables()
    {
        var error = DetectError(("CLOUDFLARE_ACCOUNT_ID", Account), ("CLOUDFLARE_AI_GATEWAY_TOKEN", GatewayToken));

        Assert.Contains("CLOUDFLARE_AI_GATEWAY_ID", error.Message);
        Assert.Contains("CF_AIG_ID", error.Message);
    }

    [Fact]
    public void A_gateway_token_alone_is_an_error_naming_both_ids()
    {
        var error = DetectError(("CF_AIG_TOKEN", GatewayToken));

        Assert.Contains("CLOUDFLARE_ACCOUNT_ID", error.Message);
        Assert.Contains("CLOUDFLARE_AI_GATEWAY_ID", error.Message);
    }

    [Fact]
    public void An_account_id_alone_is_only_a_warning_because_wrangler_uses_it_too()
    {
        var diagnosis = Diagnose(("CLOUDFLARE_ACCOUNT_ID", Account), ("OPENAI_API_KEY", OpenAIKey));

        Assert.Equal(GatewayKind.Direct, diagnosis.Chosen);
        Assert.Contains(diagnosis.Warnings, w => w.Contains("CLOUDFLARE_ACCOUNT_ID is set but no AI Gateway id", StringComparison.Ordinal));
    }

    [Fact]
    public void Ids_that_cannot_go_into_the_url_are_errors_naming_the_variable()
    {
        var badAccount = DetectError(("CLOUDFLARE_ACCOUNT_ID", "my account"), ("CLOUDFLARE_AI_GATEWAY_ID", GatewayId), ("OPENAI_API_KEY", OpenAIKey));
        var badGateway = DetectError(("CLOUDFLARE_ACCOUNT_ID", Account), ("CLOUDFLARE_AI_GATEWAY_ID", "gw/../x"), ("OPENAI_API_KEY", OpenAIKey));

        Assert.Contains("CLOUDFLARE_ACCOUNT_ID", badAccount.Message);
        Assert.Contains("CLOUDFLARE_AI_GATEWAY_ID", badGateway.Message);
    }

    [Fact]
    public void An_account_id_that_is_not_32_hex_characters_is_an_error_that_does_not_echo_it()
    {
        const string PastedKey = "skPastedKeyInTheWrongVariable0042";

        var error = DetectError(("CLOUDFLARE_ACCOUNT_ID", PastedKey), ("CLOUDFLARE_AI_GATEWAY_ID", GatewayId), ("OPENAI_API_KEY", OpenAIKey));

        Assert.Contains("CLOUDFLARE_ACCOUNT_ID", error.Message);
        Assert.Contains("32 hexadecimal", error.Message);
        Assert.DoesNotContain(PastedKey, error.ToString());
    }

    [Fact]
    public void A_gateway_base_url_without_account_and_gateway_in_its_path_is_an_error()
    {
        var error = DetectError(("OPENAI_BASE_URL", "https://gateway.ai.cloudflare.com/openai"), ("OPENAI_API_KEY", OpenAIKey));

        Assert.Contains("OPENAI_BASE_URL", error.Message);
        Assert.Contains("/v1/<account_id>/<gateway_id>/<provider>", error.Message);
    }

    [Fact]
    public void Ids_without_any_key_or_token_are_an_error_saying_nothing_could_be_authenticated()
    {
        var error = DetectError(Ids);

        Assert.Contains("no provider key and no gateway token", error.Message);
    }

    [Fact]
    public void Providers_without_a_key_are_listed_as_missing()
    {
        var report = Diagnose([.. Ids, ("OPENAI_API_KEY", OpenAIKey)]).Gateways[0];

        Assert.Contains(report.Missing, m => m.StartsWith("ANTHROPIC_API_KEY", StringComparison.Ordinal));
        Assert.Contains(report.Missing, m => m.StartsWith("GEMINI_API_KEY", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_Workers_AI_token_names_the_models_once()
    {
        var report = Diagnose([.. Ids, ("OPENAI_API_KEY", OpenAIKey)]).Gateways[0];

        var missing = Assert.Single(report.Missing, m => m.StartsWith("CLOUDFLARE_API_TOKEN", StringComparison.Ordinal));
        Assert.Equal("CLOUDFLARE_API_TOKEN: Workers AI models (@cf/…) cannot be called through Cloudflare (or store the key in the gateway and set CLOUDFLARE_AI_GATEWAY_TOKEN).", missing);
    }

    [Fact]
    public void Metadata_folds_tags_into_one_entry_beside_the_user()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Base);
        Profile().AddRequestHeaders(request, new GatewayRequestContext(ChatDialect.ChatCompletions, OpenAIModel)
        {
            Tags = ["feature:chat", "team:web", "env:prod", "tier:pro", "region:eu", "exp:b"],
            User = "u-1",
        });

        Assert.Equal("""{"tags":"feature:chat,team:web,env:prod,tier:pro,region:eu,exp:b","user":"u-1"}""", Header(request, "cf-aig-metadata"));
    }

    [Fact]
    public void Metadata_is_left_out_when_the_call_has_no_tags_or_user()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Base);
        Profile().AddRequestHeaders(request, new GatewayRequestContext(ChatDialect.ChatCompletions, OpenAIModel));

        Assert.Null(Header(request, "cf-aig-metadata"));
    }

    [Fact]
    public void Metadata_escapes_non_ascii_so_the_header_stays_ascii()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Base);
        Profile().AddRequestHeaders(request, new GatewayRequestContext(ChatDialect.ChatCompletions, OpenAIModel) { User = "zoë" });

        Assert.Equal("""{"user":"zo\u00EB"}""", Header(request, "cf-aig-metadata"));
    }

    [Theory]
    [InlineData("bad\ntag", null)]
    [InlineData("ok", "user\r\nX-Injected: 1")]
    public void Metadata_with_a_line_break_is_an_argument_error(string tag, string? user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Base);

        var error = Assert.Throws<ArgumentException>(() => Profile().AddRequestHeaders(request, new GatewayRequestContext(ChatDialect.ChatCompletions, OpenAIModel) { Tags = [tag], User = user }));
        Assert.Contains("line break", error.Message);
    }

    [Fact]
    public void A_tag_with_a_comma_is_an_argument_error_explaining_the_folding()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Base);

        var error = Assert.Throws<ArgumentException>(() => Profile().AddRequestHeaders(request, new GatewayRequestContext(ChatDialect.ChatCompletions, OpenAIModel) { Tags = ["a,b"] }));
        Assert.Contains("5 metadata entries", error.Message);
    }

    [Fact]
    public async Task Leaf_sends_an_openai_model_to_the_openai_route()
    {
        var sent = await LeafRequests.CaptureAsync(Env([.. Ids, .. AllKeys, ("CLOUDFLARE_AI_GATEWAY_TOKEN", GatewayToken)]), "gpt-5.4", ChatDialect.ChatCompletions);

        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal(Base + "openai/chat/completions", sent.Uri.AbsoluteUri);
        Assert.Equal("Bearer " + OpenAIKey, sent.Headers["authorization"]);
        Assert.Equal("Bearer " + GatewayToken, sent.Headers["cf-aig-authorization"]);
        Assert.Equal(["authorization", "cf-aig-authorization"], PresentAuthHeaders(sent));
    }

    [Fact]
    public async Task Leaf_sends_an_anthropic_model_to_the_anthropic_route()
    {
        var sent = await LeafRequests.CaptureAsync(Env([.. Ids, .. AllKeys]), "claude-sonnet-4-5", ChatDialect.Messages);

        Assert.Equal(Base + "anthropic/v1/messages", sent.Uri.AbsoluteUri);
        Assert.Equal(AnthropicKey, sent.Headers["x-api-key"]);
        Assert.Equal("2023-06-01", sent.Headers["anthropic-version"]);
        Assert.Equal(["x-api-key"], PresentAuthHeaders(sent));
    }

    [Fact]
    public async Task Leaf_sends_a_google_model_to_the_google_ai_studio_route()
    {
        var sent = await LeafRequests.CaptureAsync(Env([.. Ids, .. AllKeys]), "gemini-2.5-flash", ChatDialect.GenerateContent);

        Assert.Equal($"{Base}google-ai-studio/v1beta/models/gemini-2.5-flash:generateContent", sent.Uri.AbsoluteUri);
        Assert.Equal(GoogleKey, sent.Headers["x-goog-api-key"]);
        Assert.Equal(["x-goog-api-key"], PresentAuthHeaders(sent));
    }

    [Fact]
    public async Task Leaf_sends_a_workers_ai_model_to_the_workers_ai_route()
    {
        // A provider key beside the API token keeps the gateway URL route (the token alone picks the REST API route).
        var sent = await LeafRequests.CaptureAsync(Env([.. Ids, ("OPENAI_API_KEY", OpenAIKey), ("CLOUDFLARE_API_TOKEN", WorkersToken)]), "@cf/meta/llama-3.1-8b-instruct", ChatDialect.ChatCompletions);

        Assert.Equal(Base + "workers-ai/v1/chat/completions", sent.Uri.AbsoluteUri);
        Assert.Equal("Bearer " + WorkersToken, sent.Headers["authorization"]);
    }

    [Fact]
    public async Task Leaf_sends_tags_and_user_as_cf_aig_metadata()
    {
        var sent = await LeafRequests.CaptureAsync(Env([.. Ids, .. AllKeys]), "gpt-5.4", ChatDialect.ChatCompletions, configure: o => o.WithTags("feature:chat").WithUser("u-9"));

        Assert.Equal("""{"tags":"feature:chat","user":"u-9"}""", sent.Headers["cf-aig-metadata"]);
    }
}
