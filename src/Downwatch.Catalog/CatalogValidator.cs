using System.Text.RegularExpressions;
using Downwatch.Domain.Catalog;
using Downwatch.Domain.ErrorDiagnosis;
using YamlDotNet.RepresentationModel;

namespace Downwatch.Catalog;

/// <summary>The rules a catalog must meet beyond being well-formed YAML of the right shape.</summary>
internal static partial class CatalogValidator
{
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[A-Za-z0-9_$-]+(\\.[A-Za-z0-9_$-]+)*$")]
    private static partial Regex JsonPathPattern();

    [GeneratedRegex("^[a-z0-9-]+(\\.[a-z0-9-]+)*$")]
    private static partial Regex HostPattern();

    private const int MinKeyPrefix = 3;

    public static void Validate(YamlDocument servicesDoc, List<ServiceDefinition> services, List<GatewayDefinition> gateways,
        YamlDocument errorsDoc, List<ErrorType> errors, List<CatalogProblem> problems)
    {
        var serviceSlugs = new HashSet<string>(services.Select(s => s.Slug), StringComparer.Ordinal);
        var errorSlugs = new HashSet<string>(errors.Select(e => e.Slug), StringComparer.Ordinal);
        var s = new Checks(servicesDoc, problems);
        var seenServices = new HashSet<string>(StringComparer.Ordinal);
        var identifierOwners = new Dictionary<(string, string), string>();
        for (var i = 0; i < services.Count; i++)
        {
            ValidateService(s, $"services[{i}]", services[i], seenServices, errorSlugs);
            ValidateIdentifiers(s, $"services[{i}]", services[i], identifierOwners);
        }

        ValidateGateways(s, gateways, serviceSlugs);
        var e = new Checks(errorsDoc, problems);
        var seenErrors = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < errors.Count; i++)
        {
            ValidateError(e, $"errors[{i}]", errors[i], seenErrors, serviceSlugs);
        }

        ValidateUnconfirmed(servicesDoc, problems);
        ValidateUnconfirmed(errorsDoc, problems);
    }

    private static void ValidateService(Checks c, string at, ServiceDefinition service, HashSet<string> seen, HashSet<string> errorSlugs)
    {
        c.Slug(at, service.Slug, seen, "service");
        c.Required(at, "name", service.Name);
        c.Required(at, "company", service.Company);
        c.OneOf(at, "category", service.Category, ServiceCategories.Titles.Keys);
        c.Required(at, "region", service.Region);
        c.Url(at, "homepage", service.Homepage, required: true);
        for (var i = 0; i < service.Sources.Count; i++)
        {
            c.Url(at, $"sources[{i}]", service.Sources[i], required: true);
        }

        if (service.StatusPage is { } page)
        {
            c.Url($"{at}.status_page", "url", page.Url, required: true);
            c.OneOf($"{at}.status_page", "format", page.Format, CatalogVocabulary.StatusFormats);
            c.Url($"{at}.status_page", "feed_url", page.FeedUrl, required: false);
            ValidateComponentMapping(c, $"{at}.status_page", service, page);
            if (SharedFeed(page) is { } whole && page.Components.Count == 0)
            {
                c.Add($"{at}.status_page.feed_url", $"this feed speaks for {whole}, not for this service: map the names it uses for this " +
                    "service's products in status_page.components, or other products' incidents would show on this service");
            }
        }

        if (service.Inference is { } inference)
        {
            ValidateInference(c, $"{at}.inference", service, inference);
        }

        if (service.Components.Count == 0)
        {
            c.Add($"{at}.components", $"service '{service.Slug}' needs at least one component");
        }

        var seenComponents = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < service.Components.Count; i++)
        {
            var component = service.Components[i];
            var cat = $"{at}.components[{i}]";
            c.Slug(cat, component.Slug, seenComponents, "component");
            c.Required(cat, "name", component.Name);
            c.OneOf(cat, "kind", component.Kind, CatalogVocabulary.ComponentKinds);
            if (component.Probes.Count == 0)
            {
                c.Add($"{cat}.probes", $"component '{component.Slug}' of '{service.Slug}' has no probes; give it at least one endpoint");
            }

            for (var j = 0; j < component.Probes.Count; j++)
            {
                ValidateProbe(c, $"{cat}.probes[{j}]", component.Probes[j], errorSlugs);
            }
        }
    }

    /// <summary>A known wire format, an https base URL, a component of the service, and model names without spaces or repeats.</summary>
    private static void ValidateInference(Checks c, string at, ServiceDefinition service, InferenceDefinition inference)
    {
        c.OneOf(at, "format", inference.Format, InferenceDefinition.Formats);
        c.Url(at, "base_url", inference.BaseUrl, required: true);
        if (inference.BaseUrl.EndsWith('/'))
        {
            c.Add($"{at}.base_url", "base_url must not end with '/' (paths such as /chat/completions are added to it)");
        }

        if (service.FindComponent(inference.Component) is null)
        {
            c.Add($"{at}.component", $"unknown component '{inference.Component}' of '{service.Slug}'");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < inference.Models.Count; i++)
        {
            var model = inference.Models[i];
            if (string.IsNullOrWhiteSpace(model) || model.Any(char.IsWhiteSpace) || model.Length > 128)
            {
                c.Add($"{at}.models[{i}]", $"model '{model}' must be 1 to 128 characters without spaces");
            }
            else if (!seen.Add(model))
            {
                c.Add($"{at}.models[{i}]", $"model '{model}' is listed twice");
            }
        }
    }

    /// <summary>A gateway has a name and markers long enough not to match ordinary words, and names a known service if any.</summary>
    private static void ValidateGateways(Checks c, List<GatewayDefinition> gateways, HashSet<string> serviceSlugs)
    {
        for (var i = 0; i < gateways.Count; i++)
        {
            var gateway = gateways[i];
            var at = $"gateways[{i}]";
            c.Required(at, "name", gateway.Name);
            if (gateway.Service is { } slug && !serviceSlugs.Contains(slug))
            {
                c.Add($"{at}.service", $"unknown service '{slug}'");
            }

            if (gateway.Markers.Count == 0)
            {
                c.Add($"{at}.markers", "missing required field 'markers' (a non-empty list)");
            }

            for (var m = 0; m < gateway.Markers.Count; m++)
            {
                if (gateway.Markers[m].Trim().Length < MinKeyPrefix)
                {
                    c.Add($"{at}.markers[{m}]", $"marker '{gateway.Markers[m]}' is shorter than {MinKeyPrefix} characters and would match ordinary text");
                }
            }
        }
    }

    /// <summary>
    /// Identifiers must be of a known kind; a host is a bare lower-case host name; a key prefix is long enough to tell
    /// providers apart; a shape is one the classifier reads; a host or key prefix belongs to one service only.
    /// </summary>
    private static void ValidateIdentifiers(Checks c, string at, ServiceDefinition service, Dictionary<(string, string), string> owners)
    {
        for (var i = 0; i < service.Identifiers.Count; i++)
        {
            var identifier = service.Identifiers[i];
            var iat = $"{at}.identifiers[{i}]";
            c.OneOf(iat, "kind", identifier.Kind, CatalogVocabulary.IdentifierKinds);
            c.Required(iat, "text", identifier.Text);
            if (string.IsNullOrWhiteSpace(identifier.Text))
            {
                continue;
            }

            switch (identifier.Kind)
            {
                case "host" when !HostPattern().IsMatch(identifier.Text) || !identifier.Text.Contains('.', StringComparison.Ordinal):
                    c.Add($"{iat}.text", $"'{identifier.Text}' is not a bare lower-case host name (no scheme, path or port)");
                    break;
                case "key-prefix" when identifier.Text.Length < MinKeyPrefix:
                    c.Add($"{iat}.text", $"key prefix '{identifier.Text}' is shorter than {MinKeyPrefix} characters and would match other keys");
                    break;
                case "shape" when !ErrorShapes.Names.Contains(identifier.Text):
                    c.Add($"{iat}.text", $"'{identifier.Text}' is not a known error shape: {string.Join(", ", ErrorShapes.Names)}");
                    break;
            }

            if (identifier.Kind is "host" or "key-prefix"
                && !owners.TryAdd((identifier.Kind, identifier.Text.ToLowerInvariant()), service.Slug)
                && owners[(identifier.Kind, identifier.Text.ToLowerInvariant())] != service.Slug)
            {
                c.Add($"{iat}.text", $"{identifier.Kind} '{identifier.Text}' already identifies service '{owners[(identifier.Kind, identifier.Text.ToLowerInvariant())]}'");
            }
        }
    }

    /// <summary>Each mapped vendor component must point at one of this service's own components.</summary>
    private static void ValidateComponentMapping(Checks c, string at, ServiceDefinition service, StatusPageDefinition page)
    {
        if (page.Components.Count > 0 && string.IsNullOrWhiteSpace(page.FeedUrl))
        {
            c.Add($"{at}.components", "a component mapping needs a feed_url to read the vendor's components from");
        }

        foreach (var (vendor, ours) in page.Components)
        {
            if (string.IsNullOrWhiteSpace(vendor))
            {
                c.Add($"{at}.components", "a vendor component name or id cannot be empty");
            }
            else if (service.FindComponent(ours ?? "") is null)
            {
                c.Add($"{at}.components.{vendor}", $"vendor component '{vendor}' maps to '{ours}', which is not a component of '{service.Slug}' " +
                    $"(its components: {string.Join(", ", service.Components.Select(x => x.Slug))})");
            }
        }
    }

    private static void ValidateProbe(Checks c, string at, ProbeEndpoint probe, HashSet<string> errorSlugs)
    {
        c.Url(at, "url", probe.Url, required: true);
        c.OneOf(at, "method", probe.Method, CatalogVocabulary.ProbeMethods);
        if (probe.Expect.Count == 0)
        {
            c.Add($"{at}.expect", "missing required field 'expect': the status codes that mean this surface answers");
        }

        c.StatusCodes(at, "expect", probe.Expect);
        if (probe.ExpectError is { } error && !errorSlugs.Contains(error))
        {
            c.Add($"{at}.expect_error", $"error type '{error}' is not defined in errors.yaml");
        }

        for (var i = 0; i < probe.JsonPaths.Count; i++)
        {
            if (!JsonPathPattern().IsMatch(probe.JsonPaths[i]))
            {
                c.Add($"{at}.json_paths[{i}]", $"'{probe.JsonPaths[i]}' is not a dot path of field names (e.g. error.type)");
            }
        }

        if (probe.ExpectedLatencyMs is < 1 or > 60_000)
        {
            c.Add($"{at}.expected_latency_ms", $"{probe.ExpectedLatencyMs} is outside 1..60000 ms");
        }

        if (probe.IntervalSeconds is < 60 or > 900)
        {
            c.Add($"{at}.interval_seconds", $"{probe.IntervalSeconds} is outside 60..900 seconds");
        }
    }

    private static void ValidateError(Checks c, string at, ErrorType error, HashSet<string> seen, HashSet<string> serviceSlugs)
    {
        c.Slug(at, error.Slug, seen, "error type");
        c.Required(at, "title", error.Title);
        c.Required(at, "summary", error.Summary);
        c.OneOf(at, "side", error.Side, CatalogVocabulary.ErrorSides);
        c.Required(at, "description", error.Description);
        c.StatusCodes(at, "http_statuses", error.HttpStatuses);
        c.NonEmpty(at, "signatures", error.Signatures.Count);
        c.NonEmpty(at, "causes", error.Causes.Count);
        c.NonEmpty(at, "fixes", error.Fixes.Count);
        c.NonEmpty(at, "prevention", error.Prevention.Count);
        c.NonEmpty(at, "faq", error.Faq.Count);
        for (var i = 0; i < error.Signatures.Count; i++)
        {
            var signature = error.Signatures[i];
            c.Required($"{at}.signatures[{i}]", "text", signature.Text);
            c.OneOf($"{at}.signatures[{i}]", "kind", signature.Kind, CatalogVocabulary.SignatureKinds);
            c.Provider($"{at}.signatures[{i}]", signature.Provider, serviceSlugs, required: false);
            if (signature.Kind == "transport" && signature.Provider is not null)
            {
                c.Add($"{at}.signatures[{i}].provider", "a transport signature is a runtime's own vocabulary and names no provider");
            }
        }

        for (var i = 0; i < error.Faq.Count; i++)
        {
            c.Required($"{at}.faq[{i}]", "q", error.Faq[i].Q);
            c.Required($"{at}.faq[{i}]", "a", error.Faq[i].A);
        }

        for (var i = 0; i < error.ProviderNotes.Count; i++)
        {
            c.Provider($"{at}.provider_notes[{i}]", error.ProviderNotes[i].Provider, serviceSlugs, required: true);
            c.Required($"{at}.provider_notes[{i}]", "note", error.ProviderNotes[i].Note);
        }

        if (error.ZhCn is { } zh)
        {
            ValidateTranslation(c, $"{at}.zh_cn", error, zh);
        }
    }

    /// <summary>Every <c>unconfirmed</c> entry must name another field of the same object.</summary>
    private static void ValidateUnconfirmed(YamlDocument document, List<CatalogProblem> problems)
    {
        document.Walk((path, node) =>
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode("unconfirmed"), out var list)
                || list is not YamlSequenceNode entries)
            {
                return;
            }

            var fields = map.Children.Keys.Select(k => k.ToString()).ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < entries.Children.Count; i++)
            {
                var name = entries.Children[i].ToString();
                if (name == "unconfirmed" || !fields.Contains(name))
                {
                    var at = path.Length == 0 ? "unconfirmed" : $"{path}.unconfirmed";
                    problems.Add(document.Problem($"{at}[{i}]", $"'{name}' is not a field of this object, so it cannot be marked unconfirmed"));
                }
            }
        });
    }

    private sealed class Checks(YamlDocument document, List<CatalogProblem> problems)
    {
        public void Add(string path, string message) => problems.Add(document.Problem(path, message));

        public void Required(string at, string field, string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Add($"{at}.{field}", $"missing required field '{field}'");
            }
        }

        public void NonEmpty(string at, string field, int count)
        {
            if (count == 0)
            {
                Add($"{at}.{field}", $"missing required field '{field}' (a non-empty list)");
            }
        }

        public void Slug(string at, string slug, HashSet<string> seen, string what)
        {
            Required(at, "slug", slug);
            if (string.IsNullOrWhiteSpace(slug))
            {
                return;
            }

            if (!SlugPattern().IsMatch(slug))
            {
                Add($"{at}.slug", $"'{slug}' is not a valid slug (lower-case letters, digits and single dashes)");
            }

            if (!seen.Add(slug))
            {
                Add($"{at}.slug", $"duplicate {what} slug '{slug}'");
            }
        }

        public void OneOf(string at, string field, string? value, IEnumerable<string> allowed)
        {
            Required(at, field, value);
            if (!string.IsNullOrWhiteSpace(value) && !allowed.Contains(value, StringComparer.Ordinal))
            {
                Add($"{at}.{field}", $"'{value}' is not one of: {string.Join(", ", allowed)}");
            }
        }

        public void Url(string at, string field, string? value, bool required)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (required)
                {
                    Add($"{at}.{field}", $"missing required field '{field}'");
                }

                return;
            }

            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || string.IsNullOrEmpty(uri.Host))
            {
                Add($"{at}.{field}", $"'{value}' is not an absolute http(s) URL");
            }
        }

        public void StatusCodes(string at, string field, List<int> codes)
        {
            for (var i = 0; i < codes.Count; i++)
            {
                if (codes[i] is < 100 or > 599)
                {
                    Add($"{at}.{field}[{i}]", $"{codes[i]} is not an HTTP status code (100..599)");
                }
            }
        }

        public void Provider(string at, string? slug, HashSet<string> services, bool required)
        {
            if (string.IsNullOrWhiteSpace(slug))
            {
                if (required)
                {
                    Add($"{at}.provider", "missing required field 'provider'");
                }

                return;
            }

            if (!services.Contains(slug))
            {
                Add($"{at}.provider", $"service '{slug}' is not defined in services.yaml");
            }
        }
    }
}
