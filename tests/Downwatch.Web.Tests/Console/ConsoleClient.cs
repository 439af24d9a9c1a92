using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using Downwatch.Domain.Operators;
using Downwatch.Storage;
using Downwatch.Web.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace Downwatch.Web.Tests.Console;

/// <summary>A browser-like client of the operator console: its own cookies, forms read from the pages it opened.</summary>
public sealed class ConsoleClient : IDisposable
{
    private readonly CookieContainer _cookies = new();

    public ConsoleClient(TestSite site)
    {
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = _cookies }) { BaseAddress = site.Client.BaseAddress };
    }

    public HttpClient Http { get; }

    public Cookie? SessionCookie => _cookies.GetAllCookies().FirstOrDefault(c => c.Name == "dw_operator");

    /// <summary>Creates an account in the site's database and returns its one-time password.</summary>
    public static async Task<string> AccountAsync(TestSite site, string name, OperatorRole role)
    {
        var (account, password) = site.Services.GetRequiredService<OperatorSignIn>().Issue(name, role, null);
        await site.Services.GetRequiredService<IOperatorStore>().SaveAsync(account);
        return password;
    }

    public static async Task<ConsoleClient> SignedInAsync(TestSite site, string name, OperatorRole role)
    {
        var client = new ConsoleClient(site);
        using var response = await client.SignInAsync(name, await AccountAsync(site, name, role));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public async Task<HttpResponseMessage> SignInAsync(string name, string password, string returnUrl = "/admin") =>
        await SubmitAsync($"/admin/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}", "form[action='/admin/sign-in']",
            ("name", name), ("password", password));

    public async Task<IDocument> PageAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Http.GetAsync(path);
        Assert.True(response.StatusCode == expected, $"GET {path}: {(int)response.StatusCode}, expected {(int)expected}");
        Assert.True(response.Headers.CacheControl?.NoStore, $"GET {path} may be stored: {response.Headers.CacheControl}");
        return await ParseAsync(response);
    }

    /// <summary>Opens <paramref name="page"/>, takes the form matching <paramref name="selector"/> (its hidden fields, the
    /// token among them), sets <paramref name="fields"/> and posts it where it points.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string page, string selector, params (string Name, string Value)[] fields)
    {
        var document = await PageAsync(page);
        var form = document.QuerySelector(selector) ?? throw new InvalidOperationException($"No form {selector} on {page}.");
        return await PostAsync(form.GetAttribute("action")!, Hidden(form).Concat(fields).ToArray());
    }

    public Task<HttpResponseMessage> PostAsync(string path, params (string Name, string Value)[] fields) =>
        Http.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))));

    public static IEnumerable<(string, string)> Hidden(IElement form) =>
        form.QuerySelectorAll("input[type=hidden]").Select(i => (i.GetAttribute("name")!, i.GetAttribute("value") ?? ""));

    public static async Task<IDocument> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        return await BrowsingContext.New(AngleSharp.Configuration.Default).OpenAsync(r => r.Content(html));
    }

    public void Dispose() => Http.Dispose();
}
