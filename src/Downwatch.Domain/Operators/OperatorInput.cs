using Downwatch.Domain.Catalog;
using Downwatch.Domain.Incidents;
using Downwatch.Domain.Status;

namespace Downwatch.Domain.Operators;

/// <summary>One thing wrong with what an operator typed, named by its form field.</summary>
public sealed record InputProblem(string Field, string Message);

/// <summary>The checks on operators' input, all at once, so a form shows every problem and nothing is half-saved.</summary>
public static class OperatorInput
{
    public const int TitleMax = 200;
    public const int TextMax = 5_000;
    public const int ReasonMax = 500;
    public static readonly TimeSpan OverrideDefault = TimeSpan.FromHours(1);
    public static readonly TimeSpan OverrideMax = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaintenanceMax = TimeSpan.FromDays(14);

    /// <summary>Statuses an operator may set (Unknown is what the engine says when it cannot tell; nobody sets it).</summary>
    public static readonly IReadOnlyList<ServiceStatus> SettableStatuses =
        [ServiceStatus.Operational, ServiceStatus.Maintenance, ServiceStatus.Degraded, ServiceStatus.PartialOutage, ServiceStatus.MajorOutage];

    public static void Text(List<InputProblem> problems, string field, string label, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add(new(field, $"{label} is empty."));
        }
        else if (value.Length > max)
        {
            problems.Add(new(field, $"{label} is {value.Length:N0} characters long; at most {max:N0} fit."));
        }
    }

    /// <summary>The service and the components named, each of which must be in the catalog.</summary>
    public static ServiceDefinition? Components(List<InputProblem> problems, ServiceCatalog catalog, string? service,
        IReadOnlyList<string> components, bool atLeastOne)
    {
        if (string.IsNullOrEmpty(service) || catalog.FindService(service) is not { } found)
        {
            problems.Add(new("service", string.IsNullOrEmpty(service) ? "Choose a service." : $"There is no service '{service}' in the catalog."));
            return null;
        }

        foreach (var unknown in components.Where(c => found.Components.All(k => k.Slug != c)))
        {
            problems.Add(new("component", $"{found.Name} has no component '{unknown}'."));
        }

        if (atLeastOne && components.Count == 0)
        {
            problems.Add(new("component", $"Choose a component of {found.Name}."));
        }

        return found;
    }

    public static ServiceStatus? Status(List<InputProblem> problems, string field, string? token, IReadOnlyList<ServiceStatus> allowed)
    {
        var found = allowed.Where(s => s.Token() == token).ToList();
        if (found.Count == 0)
        {
            problems.Add(new(field, $"Choose one of: {string.Join(", ", allowed.Select(s => s.Title().ToLowerInvariant()))}."));
            return null;
        }

        return found[0];
    }

    public static IncidentPhase? Phase(List<InputProblem> problems, string? value)
    {
        if (Enum.TryParse<IncidentPhase>(value, ignoreCase: true, out var phase) && Enum.IsDefined(phase) && !int.TryParse(value, out _))
        {
            return phase;
        }

        problems.Add(new("phase", "Choose investigating, identified, monitoring or resolved."));
        return null;
    }

    /// <summary>An override's or silence's end: <paramref name="hours"/> from now, at most <see cref="OverrideMax"/>.</summary>
    public static DateTimeOffset? Expiry(List<InputProblem> problems, string? hours, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(hours))
        {
            return now + OverrideDefault;
        }

        if (!double.TryParse(hours, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var h)
            || !double.IsFinite(h) || h <= 0)
        {
            problems.Add(new("hours", "The duration is a number of hours greater than zero, for example 1 or 0.5."));
            return null;
        }

        if (h > OverrideMax.TotalHours)
        {
            problems.Add(new("hours", $"{h:0.##} hours is longer than the longest allowed, {OverrideMax.TotalDays:0} days ({OverrideMax.TotalHours:0} hours)."));
            return null;
        }

        return now + TimeSpan.FromHours(h);
    }

    /// <summary>A maintenance window: parsed times (UTC when no offset is written), end after start, not in the past,
    /// at most <see cref="MaintenanceMax"/> long.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End)? Window(List<InputProblem> problems, string? start, string? end, DateTimeOffset now)
    {
        var from = Time(problems, "starts", "The start", start);
        var to = Time(problems, "ends", "The end", end);
        if (from is not { } s || to is not { } e)
        {
            return null;
        }

        if (e <= s)
        {
            problems.Add(new("ends", "The window ends before it starts."));
            return null;
        }

        if (e <= now)
        {
            problems.Add(new("ends", "The window is already over."));
            return null;
        }

        if (e - s > MaintenanceMax)
        {
            problems.Add(new("ends", $"The window is longer than {MaintenanceMax.TotalDays:0} days; announce a longer one in parts."));
            return null;
        }

        return (s, e);
    }

    private static DateTimeOffset? Time(List<InputProblem> problems, string field, string label, string? value)
    {
        if (DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var at))
        {
            return at;
        }

        problems.Add(new(field, $"{label} is not a date and time (for example 2026-12-24T02:00, read as UTC)."));
        return null;
    }
}
