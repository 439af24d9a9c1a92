using Downwatch.Domain.Catalog;

namespace Downwatch.Catalog.Tests;

/// <summary>The catalog that ships with Downwatch: valid, and as broad as the product promises.</summary>
public class BundledCatalogTests
{
    private static readonly ServiceCatalog Catalog = CatalogLoader.LoadDirectory(FindCatalog());

    private static string FindCatalog()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "catalog");
            if (File.Exists(Path.Combine(candidate, "services.yaml")) && File.Exists(Path.Combine(candidate, "errors.yaml")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("catalog/ not found above the test directory");
    }

    [Fact]
    public void It_has_at_least_60_services_and_15_chinese_ones()
    {
        Assert.True(Catalog.Services.Count >= 60, $"{Catalog.Services.Count} services");
        Assert.True(Catalog.Services.Count(s => s.Region == "China") >= 15);
    }

    [Theory]
    [InlineData("sensetime-sensechat")]
    [InlineData("baidu-ernie")]
    [InlineData("alibaba-qwen")]
    [InlineData("zhipu-glm")]
    [InlineData("moonshot-kimi")]
    [InlineData("deepseek")]
    [InlineData("minimax")]
    [InlineData("iflytek-spark")]
    [InlineData("tencent-hunyuan")]
    [InlineData("bytedance-doubao")]
    public void Required_chinese_services_are_present(string slug) =>
        Assert.Equal("China", Catalog.FindService(slug)?.Region);

    [Theory]
    [InlineData("authentication-failed")]
    [InlineData("permission-denied")]
    [InlineData("rate-limit-exceeded")]
    [InlineData("quota-exceeded")]
    [InlineData("invalid-request")]
    [InlineData("context-length-exceeded")]
    [InlineData("content-filtered")]
    [InlineData("model-not-found")]
    [InlineData("timeout")]
    [InlineData("internal-server-error")]
    [InlineData("service-unavailable")]
    [InlineData("bad-gateway")]
    [InlineData("maintenance")]
    [InlineData("region-not-supported")]
    [InlineData("network-error")]
    public void Required_error_types_are_complete(string slug)
    {
        var error = Catalog.FindError(slug);
        Assert.NotNull(error);
        Assert.NotEmpty(error.Signatures);
        Assert.NotEmpty(error.Causes);
        Assert.NotEmpty(error.Fixes);
        Assert.NotEmpty(error.Prevention);
        Assert.NotEmpty(error.Faq);
    }

    [Fact]
    public void Every_error_type_has_a_chinese_guide_marked_for_review_until_a_person_checked_it() =>
        Assert.All(Catalog.Errors, e =>
        {
            Assert.NotNull(e.ZhCn);
            Assert.Contains(e.ZhCn.Review, new[] { "machine-assisted", "reviewed" });
            Assert.Equal(e.Fixes.Count, e.ZhCn.Fixes.Count);
            Assert.Contains(e.ZhCn.Title, c => c > '\u4e00');
        });

    [Theory]
    [InlineData("openai", "invalid_api_key")]
    [InlineData("anthropic", "authentication_error")]
    [InlineData("baidu-ernie", "110")]
    [InlineData("baidu-ernie", "111")]
    public void Provider_authentication_signatures_are_known(string provider, string text) =>
        Assert.Contains(Catalog.FindError("authentication-failed")!.Signatures, s => s.Provider == provider && s.Text == text);

    [Fact]
    public void Anthropic_529_is_an_overload()
    {
        var unavailable = Catalog.FindError("service-unavailable")!;
        Assert.Contains(529, unavailable.HttpStatuses);
        Assert.Contains(unavailable.Signatures, s => s.Provider == "anthropic" && s.Text == "overloaded_error");
    }

    [Fact]
    public void Every_component_has_a_probe_and_keyless_api_probes_expect_an_error_answer()
    {
        foreach (var service in Catalog.Services)
        {
            Assert.All(service.Components, c => Assert.NotEmpty(c.Probes));
        }

        var openai = Catalog.FindService("openai")!.Components.Single(c => c.Kind == "api").Probes[0];
        Assert.Equal("https://api.openai.com/v1/models", openai.Url);
        Assert.Equal([401], openai.Expect);
        Assert.Equal("authentication-failed", openai.ExpectError);
    }

    [Fact]
    public void Every_service_names_a_host_that_identifies_it_in_error_texts() =>
        Assert.All(Catalog.Services, s => Assert.Contains(s.Identifiers, i => i.Kind is "host" or "name"));

    [Theory]
    [InlineData("anthropic", "shape", "anthropic-error")]
    [InlineData("baidu-ernie", "shape", "qianfan-error-code")]
    [InlineData("alibaba-qwen", "shape", "dashscope")]
    [InlineData("openai", "host", "openai.com")]
    [InlineData("zhipu-glm", "name", "智谱")]
    public void Key_providers_are_identifiable(string service, string kind, string text) =>
        Assert.Contains(Catalog.FindService(service)!.Identifiers, i => i.Kind == kind && i.Text == text);
}
