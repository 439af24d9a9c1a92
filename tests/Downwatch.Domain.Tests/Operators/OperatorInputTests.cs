using Downwatch.Domain.Operators;
using Downwatch.Domain.Status;
using static Downwatch.Domain.Tests.TestCatalog;

namespace Downwatch.Domain.Tests.Operators;

public sealed class OperatorInputTests
{
    [Theory]
    [InlineData(null, "The title is empty.")]
    [InlineData("   ", "The title is empty.")]
    public void Empty_text_is_named(string? value, string message)
    {
        var problems = new List<InputProblem>();
        OperatorInput.Text(problems, "title", "The title", value, OperatorInput.TitleMax);
        Assert.Equal([new InputProblem("title", message)], problems);
    }

    [Fact]
    public void Overlong_text_says_how_long_it_is_and_what_fits()
    {
        var problems = new List<InputProblem>();
        OperatorInput.Text(problems, "title", "The title", new string('x', 201), OperatorInput.TitleMax);
        Assert.Equal("The title is 201 characters long; at most 200 fit.", Assert.Single(problems).Message);
    }

    [Fact]
    public void Unknown_services_and_components_are_named()
    {
        var problems = new List<InputProblem>();
        Assert.Null(OperatorInput.Components(problems, TestCatalog.Catalog, "nope", [], atLeastOne: false));
        Assert.NotNull(OperatorInput.Components(problems, TestCatalog.Catalog, "acme", ["api", "mobile"], atLeastOne: false));
        Assert.Equal(["There is no service 'nope' in the catalog.", "Acme AI has no component 'mobile'."], problems.Select(p => p.Message));
    }

    [Fact]
    public void A_window_ending_before_it_starts_is_refused()
    {
        var problems = new List<InputProblem>();
        Assert.Null(OperatorInput.Window(problems, "2026-11-25T14:00", "2026-11-25T13:00", Now));
        Assert.Equal("The window ends before it starts.", Assert.Single(problems).Message);
    }

    [Fact]
    public void A_window_is_read_as_utc_and_must_not_be_over_or_too_long()
    {
        var problems = new List<InputProblem>();
        var window = OperatorInput.Window(problems, "2026-11-25T14:00", "2026-11-25T15:30", Now);
        Assert.Equal((new DateTimeOffset(2026, 11, 25, 14, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 25, 15, 30, 0, TimeSpan.Zero)), window);
        Assert.Null(OperatorInput.Window(problems, "2026-11-24T10:00", "2026-11-24T11:00", Now));
        Assert.Null(OperatorInput.Window(problems, "2026-11-26T00:00", "2026-12-20T00:00", Now));
        Assert.Null(OperatorInput.Window(problems, "tomorrow", "", Now));
        Assert.Equal(["The window is already over.", "The window is longer than 14 days; announce a longer one in parts.",
            "The start is not a date and time (for example 2026-12-24T02:00, read as UTC).",
            "The end is not a date and time (for example 2026-12-24T02:00, read as UTC)."], problems.Select(p => p.Message));
    }

    [Theory]
    [InlineData("", 60)]
    [InlineData("0.5", 30)]
    [InlineData("168", 168 * 60)]
    public void An_expiry_defaults_to_an_hour_and_may_reach_seven_days(string hours, int minutes)
    {
        var problems = new List<InputProblem>();
        Assert.Equal(Now + TimeSpan.FromMinutes(minutes), OperatorInput.Expiry(problems, hours, Now));
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("169", "169 hours is longer than the longest allowed, 7 days (168 hours).")]
    [InlineData("0", "The duration is a number of hours greater than zero, for example 1 or 0.5.")]
    [InlineData("-3", "The duration is a number of hours greater than zero, for example 1 or 0.5.")]
    [InlineData("NaN", "The duration is a number of hours greater than zero, for example 1 or 0.5.")]
    [InlineData("1e400", "The duration is a number of hours greater than zero, for example 1 or 0.5.")]
    public void An_expiry_past_the_maximum_or_not_a_number_is_refused(string hours, string message)
    {
        var problems = new List<InputProblem>();
        Assert.Null(OperatorInput.Expiry(problems, hours, Now));
        Assert.Equal(message, Assert.Single(problems).Message);
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("Major-Outage")]
    [InlineData("")]
    public void Only_settable_statuses_are_taken(string token)
    {
        var problems = new List<InputProblem>();
        Assert.Null(OperatorInput.Status(problems, "status", token, OperatorInput.SettableStatuses));
        Assert.Single(problems);
        Assert.Equal(ServiceStatus.MajorOutage, OperatorInput.Status(problems, "status", "major-outage", OperatorInput.SettableStatuses));
    }

    [Theory]
    [InlineData("3")]
    [InlineData("closed")]
    [InlineData(null)]
    public void Phases_are_named_not_numbered(string? value)
    {
        var problems = new List<InputProblem>();
        Assert.Null(OperatorInput.Phase(problems, value));
        Assert.Equal("Choose investigating, identified, monitoring or resolved.", Assert.Single(problems).Message);
    }
}
