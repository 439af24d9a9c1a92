using Downwatch.Catalog;

namespace Downwatch.Catalog.Tests;

/// <summary>Each way a catalog can be broken stops loading with file, line and field named.</summary>
public class CatalogValidationTests
{
    private const string Services = """
        services:
          - slug: acme
            name: Acme AI
            company: Acme
            category: llm-api
            region: United States
            homepage: https://acme.example
            status_page:
              url: https://status.acme.example
              format: statuspage
            components:
              - slug: api
                name: API
                kind: api
                probes:
                  - url: https://api.acme.example/v1/models
                    expect: [401]
                    expect_error: authentication-failed
        """;

    private const string Errors = """
        errors:
          - slug: authentication-failed
            title: Authentication Failed / Invalid API Key
            summary: The key was rejected.
            side: user
            http_statuses: [401]
            description: The service did not accept your credentials.
            signatures:
              - text: invalid_api_key
                provider: acme
                kind: code
            causes: [A wrong key]
            fixes: [Use the right key]
            prevention: [Keep keys in a secret store]
            faq:
              - q: Why?
                a: Because.
        """;

    private static CatalogProblem Single(string services = Services, string errors = Errors)
    {
        var e = Assert.Throws<CatalogException>(() => CatalogLoader.Parse("services.yaml", services, "errors.yaml", errors));
        Assert.Single(e.Problems);
        Assert.Contains(e.Problems[0].ToString(), e.Message, StringComparison.Ordinal);
        return e.Problems[0];
    }

    [Fact]
    public void A_yaml_alias_bomb_is_refused_at_its_first_alias_without_being_expanded()
    {
        // Nine levels of ten aliases each would be a billion strings once expanded.
        var bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
            + string.Concat(Enumerable.Range(0, 8).Select(i =>
            {
                var (name, prev) = ((char)('b' + i), (char)('a' + i));
                return $"{name}: &{name} [{string.Join(",", Enumerable.Repeat($"*{prev}", 10))}]\n";
            }))
            + Services;
        var problem = Single(services: bomb);
        Assert.Equal(("services.yaml", 2, "(syntax)"), (problem.File, problem.Line, problem.Field));
        Assert.Contains("the alias *a is not allowed in the catalog", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_catalog_loads()
    {
        var errors = Errors.Replace("provider: acme\n        kind: code", "kind: transport", StringComparison.Ordinal);
        Assert.DoesNotContain("provider: acme", errors, StringComparison.Ordinal);
        var catalog = CatalogLoader.Parse("services.yaml", Services, "errors.yaml", errors);
        Assert.Equal("transport", catalog.Errors[0].Signatures[0].Kind);
    }

    [Fact]
    public void Gateways_load_with_their_markers_and_service()
    {
        var catalog = CatalogLoader.Parse("services.yaml",
            Services + "\ngateways:\n  - name: Acme Router\n    service: acme\n    markers: ['Upstream said no']\n  - name: SelfHosted\n    markers: [selfhosted_error]\n",
            "errors.yaml", Errors);
        Assert.Equal(["Acme Router", "SelfHosted"], catalog.Gateways.Select(g => g.Name));
        Assert.Equal("acme", catalog.Gateways[0].Service);
        Assert.Null(catalog.Gateways[1].Service);
        Assert.Equal(["selfhosted_error"], catalog.Gateways[1].Markers);
    }

    [Theory]
    [InlineData("  - name: Router\n    service: nobody\n    markers: [router_error]\n", "gateways[0].service", "unknown service 'nobody'")]
    [InlineData("  - name: Router\n    markers: [ab]\n", "gateways[0].markers[0]", "shorter than 3 characters")]
    [InlineData("  - name: Router\n    markers: []\n", "gateways[0].markers", "non-empty list")]
    public void A_broken_gateway_is_named(string gateway, string path, string message)
    {
        var problem = Single(Services + "\ngateways:\n" + gateway);
        Assert.Equal(path, problem.Field);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_type_is_named_with_its_line()
    {
        var p = Single(services: Services.Replace("expect: [401]", "expect: [four-oh-one]", StringComparison.Ordinal));
        Assert.Equal(17, p.Line);
        Assert.StartsWith("services[0].components[0].probes[0].expect", p.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_vocabulary_value_lists_the_allowed_ones()
    {
        var p = Single(services: Services.Replace("category: llm-api", "category: chatbot", StringComparison.Ordinal));
        Assert.Equal("services[0].category", p.Field);
        Assert.Contains("'chatbot' is not one of: llm-api, chat-app", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unconfirmed_must_name_a_field_of_the_same_object()
    {
        var ok = CatalogLoader.Parse("services.yaml", Services.Replace("    region: United States", "    region: United States\n    unconfirmed: [region]", StringComparison.Ordinal), "errors.yaml", Errors);
        Assert.True(Downwatch.Domain.Catalog.CatalogEntryExtensions.IsUnconfirmed(ok.Services[0], "region"));
        var p = Single(services: Services.Replace("    region: United States", "    region: United States\n    unconfirmed: [status]", StringComparison.Ordinal));
        Assert.Equal("services[0].unconfirmed[0]", p.Field);
        Assert.Equal(7, p.Line);
    }

    private const string Translation = """

            zh_cn:
              review: machine-assisted
              title: 身份验证失败
              summary: 密钥被拒绝。
              description: 服务没有接受你的凭据。
              causes: [密钥错误]
              fixes: [使用正确的密钥]
              prevention: [把密钥放在密钥库中]
              faq:
                - q: 为什么？
                  a: 因为。
        """;

    [Fact]
    public void A_chinese_translation_loads_beside_the_original()
    {
        var catalog = CatalogLoader.Parse("services.yaml", Services, "errors.yaml", Errors + Translation);
        var zh = catalog.Errors[0].ZhCn!;
        Assert.Equal("身份验证失败", zh.Title);
        Assert.Equal(["使用正确的密钥"], zh.Fixes);
        Assert.False(zh.IsReviewed);
    }

    [Theory]
    [InlineData("fixes: [使用正确的密钥]", "fixes: []", "errors[0].zh_cn.fixes", "has 0 entries where the original has 1")]
    [InlineData("review: machine-assisted", "review: maybe", "errors[0].zh_cn.review", "must be 'machine-assisted' or 'reviewed'")]
    [InlineData("      a: 因为。", "      a: ''", "errors[0].zh_cn.faq[0].a", "")]
    public void A_translation_that_says_less_than_the_original_is_named(string from, string to, string field, string message)
    {
        var p = Single(errors: Errors + Translation.Replace(from, to, StringComparison.Ordinal));
        Assert.Equal(field, p.Field);
        Assert.Contains(message, p.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("format: statuspage", "format: azure-rss\n      feed_url: https://status.acme.example/feed", "all of Azure")]
    [InlineData("url: https://status.acme.example\n", "url: https://status.acme.example\n      feed_url: https://health.aws.amazon.com/public/currentevents\n", "all of AWS")]
    public void A_feed_that_speaks_for_a_whole_cloud_needs_a_mapping_of_this_services_products(string from, string to, string whole)
    {
        var p = Single(services: Services.Replace(from, to, StringComparison.Ordinal));
        Assert.Equal("services[0].status_page.feed_url", p.Field);
        Assert.Contains($"this feed speaks for {whole}", p.Message, StringComparison.Ordinal);
        var mapped = Services.Replace(from, to, StringComparison.Ordinal)
            .Replace("status_page:\n", "status_page:\n      components: { \"Acme Models\": api }\n", StringComparison.Ordinal);
        Assert.Single(CatalogLoader.Parse("services.yaml", mapped, "errors.yaml", Errors).Services);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var broken = Services.Replace("    company: Acme\n", "", StringComparison.Ordinal)
            .Replace("https://acme.example\n", "acme\n", StringComparison.Ordinal);
        var e = Assert.Throws<CatalogException>(() => CatalogLoader.Parse("services.yaml", broken, "errors.yaml", Errors));
        Assert.Equal(["services[0].company", "services[0].homepage"], e.Problems.Select(p => p.Field).Order());
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var dir = Directory.CreateTempSubdirectory("downwatch-catalog").FullName;
        File.WriteAllText(Path.Combine(dir, "services.yaml"), Services);
        var e = Assert.Throws<CatalogException>(() => CatalogLoader.LoadDirectory(dir));
        Assert.EndsWith("errors.yaml", Assert.Single(e.Problems).File, StringComparison.Ordinal);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        var p = Single(errors: "");
        Assert.Equal("errors.yaml", p.File);
        Assert.Contains("empty", p.Message, StringComparison.Ordinal);
    }

    private static string WithMapping(string mapping, string feed = "      feed_url: https://status.acme.example/api/v2/summary.json\n") =>
        Services.Replace("      format: statuspage\n", "      format: statuspage\n" + feed + mapping, StringComparison.Ordinal);

    [Fact]
    public void A_component_mapping_loads_vendor_names_and_ids()
    {
        var catalog = CatalogLoader.Parse("services.yaml",
            WithMapping("      components:\n        \"Acme API (api.acme.example)\": api\n        k8w3r06qmzrp: api\n"), "errors.yaml", Errors);
        var mapping = Assert.Single(catalog.Services).StatusPage!.Components;
        Assert.Equal("api", mapping["Acme API (api.acme.example)"]);
        Assert.Equal("api", mapping["k8w3r06qmzrp"]);
    }

    [Fact]
    public void A_mapping_to_a_component_the_service_does_not_have_names_its_line()
    {
        var p = Single(services: WithMapping("      components:\n        Acme API: chat\n"));
        Assert.Equal("services[0].status_page.components.Acme API", p.Field);
        Assert.Equal(13, p.Line);
        Assert.Contains("'chat', which is not a component of 'acme'", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mapping_without_a_feed_is_refused()
    {
        var p = Single(services: WithMapping("      components:\n        Acme API: api\n", feed: ""));
        Assert.Equal("services[0].status_page.components", p.Field);
        Assert.Contains("feed_url", p.Message, StringComparison.Ordinal);
    }

    private static string WithInference(string block) =>
        Services.Replace("    components:\n", "    inference:\n" + block + "    components:\n", StringComparison.Ordinal);

    [Fact]
    public void An_inference_block_loads()
    {
        var catalog = CatalogLoader.Parse("services.yaml",
            WithInference("      format: openai-chat\n      base_url: https://api.acme.example/v1\n      component: api\n      models: [acme-1, acme-2]\n"),
            "errors.yaml", Errors);
        var inference = Assert.Single(catalog.Services).Inference!;
        Assert.Equal("openai-chat", inference.Format);
        Assert.Equal(["acme-1", "acme-2"], inference.Models);
    }

    [Theory]
    [InlineData("      format: grpc\n      base_url: https://api.acme.example/v1\n      component: api\n", "services[0].inference.format", "grpc")]
    [InlineData("      format: openai-chat\n      base_url: https://api.acme.example/v1/\n      component: api\n", "services[0].inference.base_url", "must not end with '/'")]
    [InlineData("      format: openai-chat\n      base_url: https://api.acme.example/v1\n      component: chat\n", "services[0].inference.component", "unknown component 'chat'")]
    [InlineData("      format: openai-chat\n      base_url: https://api.acme.example/v1\n      component: api\n      models: [a, a]\n", "services[0].inference.models[1]", "listed twice")]
    public void A_broken_inference_block_names_its_field(string block, string field, string message)
    {
        var p = Single(services: WithInference(block));
        Assert.Equal(field, p.Field);
        Assert.Contains(message, p.Message, StringComparison.Ordinal);
    }
}
