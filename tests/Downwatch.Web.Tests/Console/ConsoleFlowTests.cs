using System.Net;
using System.Text.Json;
using Downwatch.Domain.Observations;
using Downwatch.Domain.Operators;
using Downwatch.Domain.Status;
using Downwatch.Status;
using Downwatch.Storage;
using Downwatch.TestSupport;
using Downwatch.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Downwatch.Web.Tests.Console;

/// <summary>The running host driven through the console as an operator would, checking the public page, the feeds and
/// the APIs after each step.</summary>
public sealed class ConsoleFlowTests : IAsyncLifetime
{
    private readonly RecordingListener _told = new();
    private TestSite _site = default!;

    public async Task InitializeAsync() =>
        _site = await TestSite.StartWithAsync(null, s => s.AddSingleton<IStatusChangeListener>(_told));

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private DateTimeOffset Now => _site.Time.GetUtcNow();

    private Task RoundAsync(string service, ProbeOutcome outcome = ProbeOutcome.Up) =>
        _site.ObserveAsync(Observations.Probes(_site.Services.GetRequiredService<StatusBoard>().Catalog, service, Now, outcome));

    private async Task<string> TextAsync(string path)
    {
        using var response = await _site.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task An_incident_and_its_updates_reach_the_page_the_feeds_the_api_and_the_listeners_once_each()
    {
        using var editor = await ConsoleClient.SignedInAsync(_site, "erin", OperatorRole.Editor);
        await RoundAsync("openai");

        using var created = await editor.SubmitAsync("/admin/incidents", "form[action='/admin/incidents']",
            ("target", "openai/api"), ("title", "Elevated 529s from chat completions"), ("status", "degraded"),
            ("phase", "investigating"), ("text", "We see elevated 529 errors in eu-west; investigating."));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var path = created.Headers.Location!.OriginalString.Split('?')[0];
        var id = path["/admin/incidents/".Length..];

        // At once on this node's pages and APIs.
        var page = await _site.PageAsync("/status/openai");
        Assert.Contains("We see elevated 529 errors in eu-west; investigating.", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains(id, await TextAsync("/api/v2/incidents.json"), StringComparison.Ordinal);
        Assert.Contains(id, await TextAsync("/status/openai/api/v2/summary.json"), StringComparison.Ordinal);

        // The next round announces it (notifications, live streams) — once.
        await RoundAsync("openai");
        await RoundAsync("openai");
        Assert.Single(_told.Incidents, i => i.Id == id);
        Assert.Contains("Elevated 529s from chat completions", await TextAsync("/incidents.rss"), StringComparison.Ordinal);

        using var update = await editor.SubmitAsync(path, "form[action$='/updates']",
            ("phase", "identified"), ("status", "degraded"), ("text", "A bad deploy at the provider; rolled back."));
        Assert.Equal(HttpStatusCode.Redirect, update.StatusCode);
        await RoundAsync("openai");
        Assert.Equal(2, _told.Incidents.Count(i => i.Id == id));
        Assert.Equal("A bad deploy at the provider; rolled back.", _told.Incidents[^1].Updates[^1].Text);
        Assert.Equal("erin", _told.Incidents[^1].Updates[^1].Author);
        using var json = JsonDocument.Parse(await TextAsync("/api/v2/incidents.json"));
        var incident = json.RootElement.GetProperty("incidents").EnumerateArray().Single(i => i.GetProperty("id").GetString() == id);
        Assert.Equal("identified", incident.GetProperty("status").GetString());

        using var resolved = await editor.SubmitAsync(path, "form[action$='/updates']",
            ("phase", "resolved"), ("status", "operational"), ("text", "Error rates are back to normal."));
        Assert.Equal(HttpStatusCode.Redirect, resolved.StatusCode);
        Assert.Empty(await _site.Services.GetRequiredService<IIncidentStore>().OpenAsync());
        var audit = await _site.Services.GetRequiredService<IAuditLog>().ReadAsync("erin", null, 50);
        Assert.Equal(["incident-updated", "incident-updated", "incident-opened", "sign-in"], audit.Select(a => a.Action));
    }

    [Fact]
    public async Task A_stale_update_form_is_refused_with_the_text_kept_and_nothing_added()
    {
        using var erin = await ConsoleClient.SignedInAsync(_site, "erin", OperatorRole.Editor);
        using var created = await erin.SubmitAsync("/admin/incidents", "form[action='/admin/incidents']",
            ("target", "anthropic"), ("title", "Overloaded"), ("status", "partial-outage"), ("text", "529 overloaded."));
        var path = created.Headers.Location!.OriginalString.Split('?')[0];
        var stale = (await erin.PageAsync(path)).QuerySelector("form[action$='/updates']")!;

        using var first = await erin.PostAsync(stale.GetAttribute("action")!, [.. ConsoleClient.Hidden(stale), ("phase", "identified"), ("status", "partial-outage"), ("text", "First.")]);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        using var second = await erin.PostAsync(stale.GetAttribute("action")!, [.. ConsoleClient.Hidden(stale), ("phase", "monitoring"), ("status", "degraded"), ("text", "Second, from an old page.")]);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        var answer = await ConsoleClient.ParseAsync(second);
        Assert.Contains("The incident changed since this page was opened", answer.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Second, from an old page.", answer.QuerySelector("textarea[name=text]")!.TextContent);
        var stored = (await _site.Services.GetRequiredService<IIncidentStore>().OpenAsync()).Single();
        Assert.Equal(["529 overloaded.", "First."], stored.Updates.Select(u => u.Text));
    }

    [Fact]
    public async Task The_same_new_incident_form_sent_twice_stores_one_incident()
    {
        using var erin = await ConsoleClient.SignedInAsync(_site, "erin", OperatorRole.Editor);
        var form = (await erin.PageAsync("/admin/incidents")).QuerySelector("form[action='/admin/incidents']")!;
        (string, string)[] fields = [.. ConsoleClient.Hidden(form), ("target", "deepseek"), ("title", "Busy"), ("status", "degraded"), ("text", "Server busy.")];
        using var one = await erin.PostAsync("/admin/incidents", fields);
        using var two = await erin.PostAsync("/admin/incidents", fields);
        Assert.Equal(one.Headers.Location!.OriginalString.Split('?')[0], two.Headers.Location!.OriginalString.Split('?')[0]);
        Assert.Single(await _site.Services.GetRequiredService<IIncidentStore>().OpenAsync());
    }

    [Fact]
    public async Task Maintenance_shows_ahead_then_as_maintenance_and_failures_inside_it_open_no_incident()
    {
        using var erin = await ConsoleClient.SignedInAsync(_site, "erin", OperatorRole.Editor);
        await RoundAsync("anthropic");
        var starts = Now + TimeSpan.FromMinutes(30);
        using var scheduled = await erin.SubmitAsync("/admin/statements", "form[action='/admin/maintenance']",
            ("target", "anthropic"), ("starts", starts.ToString("yyyy-MM-ddTHH:mm")), ("ends", (starts + TimeSpan.FromHours(1)).ToString("yyyy-MM-ddTHH:mm")),
            ("text", "Database upgrade; requests may fail."));
        Assert.Equal(HttpStatusCode.Redirect, scheduled.StatusCode);

        var ahead = await _site.PageAsync("/status/anthropic");
        Assert.Contains("Planned:", ahead.QuerySelector("section.maintenance")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"scheduled\"", await TextAsync("/status/anthropic/api/v2/scheduled-maintenances/upcoming.json"), StringComparison.Ordinal);

        _site.Time.Advance(TimeSpan.FromMinutes(40));
        await RoundAsync("anthropic", ProbeOutcome.Down);
        await RoundAsync("anthropic", ProbeOutcome.Down);
        var during = await _site.PageAsync("/status/anthropic");
        Assert.Contains("In progress:", during.QuerySelector("section.maintenance")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Scheduled maintenance until", during.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal("maintenance", _site.Services.GetRequiredService<StatusBoard>().Get("anthropic").Status.Token());
        Assert.Empty(await _site.Services.GetRequiredService<IIncidentStore>().OpenAsync());
        Assert.Contains("under_maintenance", await TextAsync("/status/anthropic/api/v2/components.json"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_override_shows_as_the_operators_word_beside_the_evidence_and_ends_when_cleared()
    {
        using var erin = await ConsoleClient.SignedInAsync(_site, "erin", OperatorRole.Editor);
        await RoundAsync("deepseek");
        using var set = await erin.SubmitAsync("/admin/statements", "form[action='/admin/overrides']",
            ("target", "deepseek/api"), ("status", "major-outage"), ("hours", "2"), ("reason", "Confirmed by the provider's support"));
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        await RoundAsync("deepseek");

        var page = await _site.PageAsync("/status/deepseek");
        Assert.Contains("Set by the operator to major outage until", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Confirmed by the provider's support", page.Body.TextContent, StringComparison.Ordinal);
        Assert.Contains("major_outage", await TextAsync("/status/deepseek/api/v2/components.json"), StringComparison.Ordinal);

        var id = (await _site.Services.GetRequiredService<IOperatorStatementStore>().NotEndedAsync(Now)).Overrides.Single().Id;
        using var cleared = await erin.SubmitAsync("/admin/statements", $"form[action='/admin/statements/{id}/end']");
        Assert.Equal(HttpStatusCode.Redirect, cleared.StatusCode);
        await RoundAsync("deepseek");
        Assert.Equal("operational", _site.Services.GetRequiredService<StatusBoard>().Get("deepseek").Status.Token());
    }

    [Fact]
    public async Task Bad_input_gets_a_message_on_the_form_and_saves_nothing()
    {
        using var erin = await ConsoleClient.SignedInAsync(_site, "erin", OperatorRole.Editor);
        var cases = new (string Form, (string, string)[] Fields, string Message)[]
        {
            ("/admin/incidents", [("target", "openai"), ("title", ""), ("status", "degraded"), ("text", "x")], "The title is empty."),
            ("/admin/incidents", [("target", "openai"), ("title", new string('t', 201)), ("status", "degraded"), ("text", "x")], "The title is 201 characters long; at most 200 fit."),
            ("/admin/incidents", [("target", "openai/nope"), ("title", "t"), ("status", "degraded"), ("text", "x")], "has no component 'nope'"),
            ("/admin/incidents", [("target", "openai"), ("target", "anthropic"), ("title", "t"), ("status", "degraded"), ("text", "x")], "Choose components of one service only"),
            ("/admin/maintenance", [("target", "openai"), ("starts", "2026-11-25T14:00"), ("ends", "2026-11-25T13:00"), ("text", "x")], "The window ends before it starts."),
            ("/admin/overrides", [("target", "openai/api"), ("status", "degraded"), ("hours", "200"), ("reason", "r")], "200 hours is longer than the longest allowed"),
            ("/admin/overrides", [("target", "openai/api"), ("status", "unknown"), ("hours", "1"), ("reason", "r")], "Choose one of: operational"),
            ("/admin/silences", [("target", "nope/api"), ("hours", "1"), ("reason", "r")], "There is no service 'nope' in the catalog."),
        };
        foreach (var (action, fields, message) in cases)
        {
            var page = action == "/admin/incidents" ? "/admin/incidents" : "/admin/statements";
            using var response = await erin.SubmitAsync(page, $"form[action='{action}']", fields);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var alert = (await ConsoleClient.ParseAsync(response)).QuerySelector("[role=alert]")?.TextContent ?? "";
            Assert.True(alert.Contains(message, StringComparison.Ordinal), $"{action}: expected '{message}' in '{alert}'");
        }

        Assert.Empty(await _site.Services.GetRequiredService<IIncidentStore>().OpenAsync());
        Assert.True((await _site.Services.GetRequiredService<IOperatorStatementStore>().NotEndedAsync(Now)).IsEmpty);
    }

    [Fact]
    public async Task An_admin_issues_an_api_key_that_works_and_revokes_it_and_the_audit_log_shows_both()
    {
        using var ada = await ConsoleClient.SignedInAsync(_site, "ada", OperatorRole.Admin);
        using var issued = await ada.SubmitAsync("/admin/access", "form[action='/admin/access/issue']", ("kind", "key"), ("name", "router"));
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var key = (await ConsoleClient.ParseAsync(issued)).QuerySelector("code.secret")!.TextContent;
        Assert.StartsWith("dwk_", key, StringComparison.Ordinal);

        using var api = new HttpRequestMessage(HttpMethod.Get, "/api/v1/subscriptions") { Headers = { { "X-Api-Key", key } } };
        Assert.Equal(HttpStatusCode.OK, (await _site.Client.SendAsync(api)).StatusCode);
        using var revoked = await ada.SubmitAsync("/admin/access", "form[action='/admin/access/revoke']:has(input[value=router])");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/subscriptions") { Headers = { { "X-Api-Key", key } } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await _site.Client.SendAsync(again)).StatusCode);

        var audit = await ada.PageAsync("/admin/audit?actor=ada");
        var actions = audit.QuerySelectorAll("tbody tr td:nth-child(4)").Select(td => td.TextContent).ToList();
        Assert.Equal(["key-revoked", "key-issued", "sign-in"], actions);
        Assert.DoesNotContain(key, audit.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_deletes_a_subscription_and_checks_the_catalog_on_disk()
    {
        var subscriptions = _site.Services.GetRequiredService<ISubscriptionStore>();
        await subscriptions.AddAsync(new Subscription("sub-1", "webhook", "https://hooks.example/downwatch", "openai", null, "s", Now, "router", Now), null);
        using var ada = await ConsoleClient.SignedInAsync(_site, "ada", OperatorRole.Admin);
        var listed = await ada.PageAsync("/admin/deliveries");
        Assert.Contains("https://hooks.example/downwatch", listed.QuerySelector("td.target")!.TextContent, StringComparison.Ordinal);
        using var removed = await ada.SubmitAsync("/admin/deliveries", "form[action='/admin/subscriptions/sub-1/remove']");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Null(await subscriptions.FindAsync("sub-1"));

        using var check = await ada.SubmitAsync("/admin/catalog", "form[action='/admin/catalog/check']");
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Contains("error types: valid.", (await ConsoleClient.ParseAsync(check)).QuerySelector("pre.check-passed")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["catalog-checked", "subscription-removed", "sign-in"],
            (await _site.Services.GetRequiredService<IAuditLog>().ReadAsync("ada", null, 10)).Select(a => a.Action));
    }

    [Fact]
    public async Task A_catalog_broken_on_disk_is_named_by_file_and_line_and_the_site_keeps_its_loaded_one()
    {
        var directory = Directory.CreateTempSubdirectory("downwatch-console-catalog").FullName;
        AcmeCatalog.Write(directory, "http://127.0.0.1:9", "http://127.0.0.1:9");
        await using var site = await TestSite.StartAsync(directory);
        File.WriteAllText(Path.Combine(directory, "services.yaml"), "services:\n  - slug: acme\n    name: [unclosed\n");
        using var ada = await ConsoleClient.SignedInAsync(site, "ada", OperatorRole.Admin);
        using var check = await ada.SubmitAsync("/admin/catalog", "form[action='/admin/catalog/check']");
        var problem = (await ConsoleClient.ParseAsync(check)).QuerySelector("pre.form-problems")!.TextContent;
        Assert.Contains("services.yaml:", problem, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await site.Client.GetAsync("/status/acme")).StatusCode);
    }

    [Fact]
    public async Task Check_and_reload_refuses_a_broken_catalog_and_hands_a_valid_one_to_the_next_host()
    {
        var directory = Directory.CreateTempSubdirectory("downwatch-console-reload").FullName;
        AcmeCatalog.Write(directory, "http://127.0.0.1:9", "http://127.0.0.1:9");
        await using var site = await TestSite.StartAsync(directory);
        var services = Path.Combine(directory, "services.yaml");
        var valid = File.ReadAllText(services);
        var lifetime = site.Services.GetRequiredService<IHostApplicationLifetime>();
        var reload = site.Services.GetRequiredService<CatalogReload>();
        using var ada = await ConsoleClient.SignedInAsync(site, "ada", OperatorRole.Admin);

        File.WriteAllText(services, "services:\n  - slug: acme\n    name: [unclosed\n");
        using var refused = await ada.SubmitAsync("/admin/catalog", "form[action='/admin/catalog/reload']");
        var problem = (await ConsoleClient.ParseAsync(refused)).QuerySelector("pre.form-problems")!.TextContent;
        Assert.Contains("services.yaml:", problem, StringComparison.Ordinal);
        Assert.Contains("Not reloaded", problem, StringComparison.Ordinal);
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
        Assert.Null(reload.Take());

        File.WriteAllText(services, valid.Replace("name: Acme AI", "name: Acme AI Renamed", StringComparison.Ordinal));
        using var reloaded = await ada.SubmitAsync("/admin/catalog", "form[action='/admin/catalog/reload']");
        Assert.Contains("Reloading", (await ConsoleClient.ParseAsync(reloaded)).QuerySelector("pre.check-passed")!.TextContent, StringComparison.Ordinal);
        // The host stops once the answer is sent; the catalog it hands on is the one checked, not a later read of the disk.
        await Eventually.TrueAsync(() => lifetime.ApplicationStopping.IsCancellationRequested, "the host stopping for the reload");
        Assert.Equal("Acme AI Renamed", reload.Take()!.FindService("acme")!.Name);
        Assert.Equal(["catalog-reloaded", "catalog-reload-refused", "sign-in"],
            (await site.Services.GetRequiredService<IAuditLog>().ReadAsync("ada", null, 10)).Select(a => a.Action));
    }

    private sealed class RecordingListener : IStatusChangeListener
    {
        public List<Domain.Incidents.Incident> Incidents { get; } = [];

        public ValueTask OnChangesAsync(RoundChanges changes, CancellationToken cancellationToken)
        {
            Incidents.AddRange(changes.Incidents);
            return ValueTask.CompletedTask;
        }
    }
}
