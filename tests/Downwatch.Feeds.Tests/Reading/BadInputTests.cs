using System.Text;
using Downwatch.Feeds.Reading;

namespace Downwatch.Feeds.Tests.Reading;

/// <summary>Broken input gives a clear refusal, or a read that names what it left out; never a crash.</summary>
public class BadInputTests
{
    private static string Claude => Encoding.UTF8.GetString(Fixture.Bytes("statuspage-v2-summary__claude-console-degraded.json"));

    [Fact]
    public void Truncated_json_is_refused_with_its_position()
    {
        var e = Assert.Throws<FeedFormatException>(() => Fixture.Adapters.Read(Fixture.Text(Claude[..2000]), "statuspage"));
        Assert.StartsWith("malformed or truncated JSON at line 1, byte", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_html_error_page_and_a_wrong_content_type_are_named()
    {
        var html = Assert.Throws<FeedFormatException>(() =>
            Fixture.Adapters.Read(Fixture.Text("<!DOCTYPE html><html><body>Just a moment...</body></html>", "text/html"), "statuspage"));
        Assert.Equal("expected Statuspage JSON but the server sent an HTML page (content type 'text/html')", html.Message);
        var png = Assert.Throws<FeedFormatException>(() => Fixture.Adapters.Read(Fixture.Text(Claude, "image/png"), "statuspage"));
        Assert.Equal("expected Statuspage JSON but the content type is 'image/png'", png.Message);
        var unknown = Assert.Throws<FeedFormatException>(() => Fixture.Adapters.Read(Fixture.Text("{\"hello\":1}")));
        Assert.Contains("no adapter recognises this body", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Absurd_dates_leave_out_the_item_or_the_update_and_say_so()
    {
        var badStart = Claude.Replace("\"started_at\":\"2026-10-07T13:25:04.155Z\"", "\"started_at\":\"9999-12-31T00:00:00Z\"", StringComparison.Ordinal)
            .Replace("\"created_at\":\"2026-10-07T13:25:04.163Z\"", "\"created_at\":\"1970-01-01T00:00:00Z\"", StringComparison.Ordinal);
        var read = Fixture.Adapters.Read(Fixture.Text(badStart), "statuspage");
        Assert.Empty(read.Incidents);
        Assert.Contains("incident 'Elevated errors on platform.claude.com': no id or no valid start date", read.Skipped);

        var badUpdate = Claude.Replace("\"display_at\":\"2026-10-07T17:28:02.568Z\"", "\"display_at\":\"0001-01-01T00:00:00Z\"", StringComparison.Ordinal)
            .Replace("\"created_at\":\"2026-10-07T17:28:02.568Z\"", "\"created_at\":\"2026-02-30T99:00:00Z\"", StringComparison.Ordinal);
        var kept = Assert.Single(Fixture.Adapters.Read(Fixture.Text(badUpdate), "statuspage").Incidents);
        Assert.Equal(3, kept.Updates.Count);
        Assert.Contains("update of 'Elevated errors on platform.claude.com': no valid date",
            Fixture.Adapters.Read(Fixture.Text(badUpdate), "statuspage").Skipped);
    }

    [Fact]
    public void Unknown_enum_values_are_left_unread_and_listed()
    {
        var text = Claude.Replace("\"status\":\"degraded_performance\"", "\"status\":\"mega_outage\"", StringComparison.Ordinal)
            .Replace("\"indicator\":\"minor\"", "\"indicator\":\"apocalyptic\"", StringComparison.Ordinal)
            .Replace("\"status\":\"monitoring\",\"created_at\"", "\"status\":\"pondering\",\"created_at\"", StringComparison.Ordinal);
        var read = Fixture.Adapters.Read(Fixture.Text(text), "statuspage");
        Assert.Null(read.Components.Single(c => c.Id == "0qbwn08sd68x").Status);
        Assert.Null(read.Overall);
        Assert.Contains("component 'Claude Console (platform.claude.com)': unknown status 'mega_outage'", read.Skipped);
        Assert.Contains("page status: unknown indicator 'apocalyptic'", read.Skipped);
        Assert.Contains("incident 'Elevated errors on platform.claude.com': unknown status 'pondering'", read.Skipped);
        Assert.True(Assert.Single(read.Incidents).IsOpen);
    }

    [Fact]
    public void A_body_that_is_not_utf8_is_refused()
    {
        var body = Encoding.UTF8.GetBytes(Claude);
        body[100] = 0xF7;
        var e = Assert.Throws<FeedFormatException>(() =>
            Fixture.Adapters.Read(new FeedPayload(new Uri("https://status.example/"), body, "application/json"), "statuspage"));
        Assert.Equal("the body is not valid UTF-8 text", e.Message);
    }
}
