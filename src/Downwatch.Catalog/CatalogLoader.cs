using Downwatch.Domain.Catalog;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Downwatch.Catalog;

/// <summary>Reads and validates catalog/services.yaml and catalog/errors.yaml.</summary>
public static class CatalogLoader
{
    public const string ServicesFile = "services.yaml";
    public const string ErrorsFile = "errors.yaml";

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    /// <summary>Loads both files from a directory; throws <see cref="CatalogException"/> listing every problem.</summary>
    public static ServiceCatalog LoadDirectory(string directory)
    {
        var problems = new List<CatalogProblem>();
        var servicesText = Read(directory, ServicesFile, problems);
        var errorsText = Read(directory, ErrorsFile, problems);
        if (problems.Count > 0)
        {
            throw new CatalogException(problems);
        }

        return Parse(Path.Combine(directory, ServicesFile), servicesText!, Path.Combine(directory, ErrorsFile), errorsText!);
    }

    /// <summary>Parses and validates the two files' text; the names are used in problem messages.</summary>
    public static ServiceCatalog Parse(string servicesName, string servicesText, string errorsName, string errorsText)
    {
        var problems = new List<CatalogProblem>();
        var servicesDoc = YamlDocument.Parse(servicesName, servicesText, problems);
        var errorsDoc = YamlDocument.Parse(errorsName, errorsText, problems);
        var servicesFile = Deserialize<ServicesDocument>(servicesDoc, servicesText, problems);
        var services = Required(servicesDoc, servicesFile, f => f.Services, "services", problems);
        var gateways = servicesFile?.Gateways ?? [];
        var errors = Required(errorsDoc, Deserialize<ErrorsDocument>(errorsDoc, errorsText, problems), f => f.Errors, "errors", problems);
        if (services is not null && errors is not null)
        {
            CatalogValidator.Validate(servicesDoc, services, gateways, errorsDoc, errors, problems);
        }

        if (problems.Count > 0 || services is null || errors is null)
        {
            throw new CatalogException(problems);
        }

        return new ServiceCatalog(services, errors, gateways);
    }

    private static List<T>? Required<TFile, T>(YamlDocument document, TFile? file, Func<TFile, List<T>?> list,
        string field, List<CatalogProblem> problems)
        where TFile : class
    {
        if (file is null)
        {
            return null;
        }

        var items = list(file);
        if (items is null || items.Count == 0)
        {
            problems.Add(document.Problem(field, $"missing required field '{field}' (a non-empty list)"));
            return null;
        }

        return items;
    }

    private static string? Read(string directory, string name, List<CatalogProblem> problems)
    {
        var path = Path.Combine(directory, name);
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new CatalogProblem(path, 0, 0, "(file)", $"cannot read the file: {e.Message}"));
            return null;
        }
    }

    private static T? Deserialize<T>(YamlDocument document, string text, List<CatalogProblem> problems)
        where T : class
    {
        if (document.Root is null)
        {
            if (!problems.Any(p => p.File == document.File))
            {
                problems.Add(new CatalogProblem(document.File, 1, 1, "(document)", "the file is empty"));
            }

            return null;
        }

        if (document.Root is not YamlMappingNode)
        {
            problems.Add(document.Problem("", "the file must be a mapping with a top-level list"));
            return null;
        }

        try
        {
            return Deserializer.Deserialize<T>(text);
        }
        catch (YamlException e)
        {
            var message = YamlDocument.Clean(e);
            const string notFound = "not found on type";
            if (message.Contains(notFound, StringComparison.Ordinal))
            {
                var field = message.Split('\'')[1];
                message = $"unknown field '{field}'";
            }

            problems.Add(new CatalogProblem(document.File, e.Start.Line, e.Start.Column, document.PathAt(e.Start), message));
            return null;
        }
    }

    private sealed class ServicesDocument
    {
        public List<ServiceDefinition>? Services { get; init; }
        public List<GatewayDefinition>? Gateways { get; init; }
    }

    private sealed class ErrorsDocument
    {
        public List<ErrorType>? Errors { get; init; }
    }
}
