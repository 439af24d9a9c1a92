namespace Downwatch.Catalog;

/// <summary>One thing wrong with a catalog file, with where it is.</summary>
public sealed record CatalogProblem(string File, long Line, long Column, string Field, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Field}: {Message}";
}

/// <summary>Thrown when the catalog cannot be used; lists every problem found.</summary>
public sealed class CatalogException : Exception
{
    public CatalogException(IReadOnlyList<CatalogProblem> problems)
        : base("The catalog is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
    {
        Problems = problems;
    }

    public CatalogException()
        : this([])
    {
    }

    public CatalogException(string message)
        : base(message)
    {
        Problems = [];
    }

    public CatalogException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    public IReadOnlyList<CatalogProblem> Problems { get; } = [];
}
