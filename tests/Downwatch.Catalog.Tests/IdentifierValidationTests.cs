namespace Downwatch.Catalog.Tests;

/// <summary>The rules for <c>identifiers:</c> in services.yaml, one test per rule, each naming file, line and field.</summary>
public class IdentifierValidationTests
{
    private const string Errors = """
        errors:
          - slug: authentication-failed
            title: Authentication Failed
            summary: The key was rejected.
            side: user
            http_statuses: [401]
            description: The service did not accept your credentials.
            signatures:
              - text: invalid_api_key
                kind: code
            causes: [A wrong key]
            fixes: [Use the right key]
            prevention: [Keep keys in a secret store]
            faq:
              - q: Why?
                a: Because.
        """;

    private static string Services(string acmeIdentifiers, string otherIdentifiers = "      - { kind: host, text: other.example }") => $"""
        services:
          - slug: acme
            name: Acme AI
            company: Acme
            category: llm-api
            region: United States
            homepage: https://acme.example
            identifiers:
        {acmeIdentifiers}
            components:
              - slug: api
                name: API
                kind: api
                probes:
                  - url: https://api.acme.example/v1/models
                    expect: [401]
          - slug: other
            name: Other AI
            company: Other
            category: llm-api
            region: China
            homepage: https://other.example
            identifiers:
        {otherIdentifiers}
            components:
              - slug: api
                name: API
                kind: api
                probes:
                  - url: https://api.other.example/v1/models
                    expect: [401]
        """;

    private static CatalogProblem Single(string services)
    {
        var e = Assert.Throws<CatalogException>(() => CatalogLoader.Parse("services.yaml", services, "errors.yaml", Errors));
        return Assert.Single(e.Problems);
    }

    [Fact]
    public void Valid_identifiers_load_with_their_kinds()
    {
        var catalog = CatalogLoader.Parse("services.yaml", Services("""
                  - { kind: host, text: acme.example }
                  - { kind: key-prefix, text: ak- }
                  - { kind: sdk, text: 'acme.' }
                  - { kind: name, text: Acme AI }
                  - { kind: model, text: acme- }
                  - { kind: shape, text: anthropic-error, unconfirmed: [text] }
            """), "errors.yaml", Errors);
        var acme = catalog.FindService("acme")!;
        Assert.Equal(["host", "key-prefix", "sdk", "name", "model", "shape"], acme.Identifiers.Select(i => i.Kind));
        Assert.True(Domain.Catalog.CatalogEntryExtensions.IsUnconfirmed(acme.Identifiers[5], "text"));
    }

    [Fact]
    public void An_unknown_kind_lists_the_allowed_ones()
    {
        var p = Single(Services("      - { kind: domain, text: acme.example }"));
        Assert.Equal("services[0].identifiers[0].kind", p.Field);
        Assert.Equal(9, p.Line);
        Assert.Contains("'domain' is not one of: host, key-prefix, sdk, name, model, shape", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_must_be_a_bare_lower_case_host_name()
    {
        var p = Single(Services("      - { kind: host, text: 'https://API.acme.example/v1' }"));
        Assert.Equal("services[0].identifiers[0].text", p.Field);
        Assert.Contains("not a bare lower-case host name", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_prefix_must_be_long_enough_to_tell_providers_apart()
    {
        var p = Single(Services("      - { kind: key-prefix, text: sk }"));
        Assert.Equal("services[0].identifiers[0].text", p.Field);
        Assert.Contains("shorter than 3 characters", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shape_must_be_one_the_classifier_reads()
    {
        var p = Single(Services("      - { kind: shape, text: acme-error }"));
        Assert.Contains("'acme-error' is not a known error shape", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_identifies_one_service_only()
    {
        var p = Single(Services("      - { kind: host, text: shared.example }", "      - { kind: host, text: shared.example }"));
        Assert.Equal("services[1].identifiers[0].text", p.Field);
        Assert.Contains("already identifies service 'acme'", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_is_required()
    {
        var p = Single(Services("      - { kind: name }"));
        Assert.Equal("services[0].identifiers[0].text", p.Field);
        Assert.Equal("missing required field 'text'", p.Message);
    }
}
