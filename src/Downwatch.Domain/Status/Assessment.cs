namespace Downwatch.Domain.Status;

/// <summary>
/// A status with the evidence that explains it. The constructor refuses a status that its evidence does not
/// support, so no page can ever show one.
/// </summary>
public abstract record Assessment
{
    protected Assessment(ServiceStatus status, Diagnosis diagnosis, Confidence confidence,
        IReadOnlyList<Evidence> evidence, DateTimeOffset evaluatedAt)
    {
        EnsureSupported(status, evidence);
        Status = status;
        Diagnosis = diagnosis;
        Confidence = confidence;
        Evidence = evidence;
        EvaluatedAt = evaluatedAt;
        LastChecked = evidence.Where(e => e.At is not null).Select(e => e.At).Max();
    }

    public ServiceStatus Status { get; }
    public Diagnosis Diagnosis { get; }
    public Confidence Confidence { get; }
    public IReadOnlyList<Evidence> Evidence { get; }

    /// <summary>When the engine computed this assessment.</summary>
    public DateTimeOffset EvaluatedAt { get; }

    /// <summary>Time of the newest observation behind the assessment; null when nothing was ever observed.</summary>
    public DateTimeOffset? LastChecked { get; }

    /// <summary>True when <paramref name="evidence"/> can justify <paramref name="status"/>.</summary>
    public static bool IsSupported(ServiceStatus status, IReadOnlyList<Evidence> evidence)
    {
        if (status == ServiceStatus.Unknown)
        {
            return true;
        }

        if (status == ServiceStatus.Maintenance)
        {
            return evidence.Any(e => e.Supports == ServiceStatus.Maintenance);
        }

        return evidence.Any(e => e.At is not null && e.Supports.Severity() >= status.Severity()
            && e.Supports != ServiceStatus.Maintenance);
    }

    private static void EnsureSupported(ServiceStatus status, IReadOnlyList<Evidence> evidence)
    {
        if (!IsSupported(status, evidence))
        {
            throw new InvalidOperationException(
                $"Status {status} is not supported by its evidence ({evidence.Count} sentences).");
        }
    }
}

public sealed record ComponentAssessment : Assessment
{
    public ComponentAssessment(string service, string component, ServiceStatus status, Diagnosis diagnosis,
        Confidence confidence, IReadOnlyList<Evidence> evidence, DateTimeOffset evaluatedAt)
        : base(status, diagnosis, confidence, evidence, evaluatedAt)
    {
        Service = service;
        Component = component;
    }

    public string Service { get; }
    public string Component { get; }
}

public sealed record ServiceAssessment : Assessment
{
    public ServiceAssessment(string service, ServiceStatus status, Diagnosis diagnosis, Confidence confidence,
        IReadOnlyList<Evidence> evidence, DateTimeOffset evaluatedAt, IReadOnlyList<ComponentAssessment> components)
        : base(status, diagnosis, confidence, evidence, evaluatedAt)
    {
        Service = service;
        Components = components;
    }

    public string Service { get; }
    public IReadOnlyList<ComponentAssessment> Components { get; }

    /// <summary>Per-model statuses from streamed requests (inference probes); empty when none were made.</summary>
    public IReadOnlyList<Inference.ModelAssessment> Models { get; init; } = [];

    public ComponentAssessment? FindComponent(string slug) => Components.FirstOrDefault(c => c.Component == slug);
}
