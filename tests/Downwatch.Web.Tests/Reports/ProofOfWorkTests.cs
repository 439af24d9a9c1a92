using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using AngleSharp.Dom;
using Downwatch.Storage;
using Downwatch.Web.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Downwatch.Web.Tests.Reports;

/// <summary>The optional proof of work: signed stateless challenges, checked cheaply, each counting once.</summary>
public class ProofOfWorkTests
{
    private const int Bits = 8;

    private static (ProofOfWork Proof, FakeTimeProvider Time) Create(bool enabled = true) =>
        Create(new ProofOfWorkOptions { Enabled = enabled, Difficulty = Bits, Secret = "test-secret" });

    private static (ProofOfWork Proof, FakeTimeProvider Time) Create(ProofOfWorkOptions options)
    {
        var time = new FakeTimeProvider(TestSite.Start);
        return (new ProofOfWork(Options.Create(new ReportOptions { ProofOfWork = options }), time), time);
    }

    /// <summary>What the page's script does: counts up until SHA-256(challenge + nonce) has the leading zero bits.</summary>
    public static string Solve(string challenge, int bits)
    {
        for (var n = 0; n < 10_000_000; n++)
        {
            var nonce = n.ToString(CultureInfo.InvariantCulture);
            if (ProofOfWork.HasLeadingZeroBits(SHA256.HashData(Encoding.ASCII.GetBytes(challenge + nonce)), bits))
            {
                return nonce;
            }
        }

        throw new InvalidOperationException("no nonce within the bound");
    }

    private static string WrongNonce(string challenge)
    {
        for (var n = 0; n < 1_000; n++)
        {
            var nonce = n.ToString(CultureInfo.InvariantCulture);
            if (!ProofOfWork.HasLeadingZeroBits(SHA256.HashData(Encoding.ASCII.GetBytes(challenge + nonce)), Bits))
            {
                return nonce;
            }
        }

        throw new InvalidOperationException("every nonce solved it");
    }

    [Fact]
    public void A_solved_challenge_is_accepted_once()
    {
        var (proof, _) = Create();
        var challenge = proof.Issue("openai");
        var nonce = Solve(challenge, Bits);
        Assert.Equal(ProofVerdict.Valid, proof.Verify("openai", challenge, nonce));
        Assert.Equal(ProofVerdict.Replayed, proof.Verify("openai", challenge, nonce));
    }

    [Fact]
    public void A_wrong_nonce_is_refused()
    {
        var (proof, _) = Create();
        var challenge = proof.Issue("openai");
        Assert.Equal(ProofVerdict.InsufficientWork, proof.Verify("openai", challenge, WrongNonce(challenge)));
        Assert.Equal(ProofVerdict.Missing, proof.Verify("openai", challenge, ""));
        Assert.Equal(ProofVerdict.Invalid, proof.Verify("openai", challenge, "not a nonce!"));
    }

    [Fact]
    public void An_expired_challenge_is_refused()
    {
        var (proof, time) = Create();
        var challenge = proof.Issue("openai");
        var nonce = Solve(challenge, Bits);
        time.Advance(new ProofOfWorkOptions().Lifetime + TimeSpan.FromSeconds(1));
        Assert.Equal(ProofVerdict.Expired, proof.Verify("openai", challenge, nonce));
    }

    [Fact]
    public void A_challenge_for_another_service_is_refused()
    {
        var (proof, _) = Create();
        var challenge = proof.Issue("anthropic");
        Assert.Equal(ProofVerdict.OtherService, proof.Verify("openai", challenge, Solve(challenge, Bits)));
    }

    [Fact]
    public void A_forged_or_weakened_challenge_is_refused()
    {
        var (proof, _) = Create();
        var challenge = proof.Issue("openai");
        var parts = challenge.Split('.');
        var forged = string.Join('.', parts[0], "openai", parts[2], "1", parts[4], parts[5]); // difficulty lowered to 1 bit
        Assert.Equal(ProofVerdict.Invalid, proof.Verify("openai", forged, Solve(forged, 1)));
        var (other, _) = Create(new ProofOfWorkOptions { Enabled = true, Difficulty = Bits, Secret = "another-secret" });
        Assert.Equal(ProofVerdict.Invalid, proof.Verify("openai", other.Issue("openai"), "1"));
    }

    [Fact]
    public void Remembered_challenges_are_bounded_and_expired_ones_are_forgotten()
    {
        var (proof, time) = Create(new ProofOfWorkOptions { Enabled = true, Difficulty = 1, Secret = "s", MaxRemembered = 1_000 });
        for (var i = 0; i < 1_000; i++)
        {
            var c = proof.Issue("openai");
            Assert.Equal(ProofVerdict.Valid, proof.Verify("openai", c, Solve(c, 1)));
        }

        var late = proof.Issue("openai");
        Assert.Equal(ProofVerdict.Saturated, proof.Verify("openai", late, Solve(late, 1)));
        time.Advance(new ProofOfWorkOptions().Lifetime + TimeSpan.FromSeconds(1));
        var fresh = proof.Issue("openai");
        Assert.Equal(ProofVerdict.Valid, proof.Verify("openai", fresh, Solve(fresh, 1)));
    }

    [Fact]
    public async Task Disabled_by_default_the_form_carries_no_challenge_and_reports_need_none()
    {
        await using var site = await TestSite.StartAsync();
        var page = await site.PageAsync("/status/openai");
        Assert.Null(page.QuerySelector("input[name=pow-challenge]"));
        Assert.Equal(new ProofChallenge(null, 0), await site.Client.GetFromJsonAsync<ProofChallenge>("/api/status/openai/reports/challenge"));
        using var response = await site.Client.PostAsJsonAsync("/api/status/openai/reports", new { category = "slow" });
        Assert.Equal("stored", (await response.Content.ReadFromJsonAsync<ReportAnswer>())!.Outcome);
    }

    [Fact]
    public async Task When_enabled_the_form_needs_a_solved_challenge_and_each_counts_once()
    {
        await using var site = await TestSite.StartAsync(null, "--Reports:ProofOfWork:Enabled=true", $"--Reports:ProofOfWork:Difficulty={Bits}");
        var page = await site.PageAsync("/status/openai");
        var challenge = page.QuerySelector("input[name=pow-challenge]")!;
        Assert.Equal(Bits.ToString(CultureInfo.InvariantCulture), challenge.GetAttribute("data-difficulty"));
        Assert.Contains("needs JavaScript", page.QuerySelector("#report noscript")!.TextContent, StringComparison.Ordinal);

        using (var withoutWork = await ReportTests.PostFormAsync(site, page, ("category", "slow")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, withoutWork.StatusCode);
            Assert.Contains("needs JavaScript", await withoutWork.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The page is the same for everyone: its script fetches this visitor's challenge.
        Assert.Equal("", challenge.GetAttribute("value"));
        var issued = (await site.Client.GetFromJsonAsync<ProofChallenge>("/api/status/openai/reports/challenge"))!.Challenge!;
        var nonce = Solve(issued, Bits);
        using (var solved = await ReportTests.PostFormAsync(site, page, ("category", "slow"), ("pow-challenge", issued), ("pow-nonce", nonce)))
        {
            Assert.Equal(HttpStatusCode.SeeOther, solved.StatusCode);
            Assert.EndsWith("reported=thanks#report", solved.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        using (var again = await ReportTests.PostFormAsync(site, page, ("category", "slow"), ("pow-challenge", issued), ("pow-nonce", nonce)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
            Assert.Contains("already used", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Single(await site.Services.GetRequiredService<IObservationStore>()
            .ReadReportsAsync(TestSite.Start - TimeSpan.FromDays(1), site.Time.GetUtcNow() + TimeSpan.FromDays(1)));
    }

    [Fact]
    public async Task When_enabled_the_json_variant_takes_a_challenge_from_the_api()
    {
        await using var site = await TestSite.StartAsync(null, "--Reports:ProofOfWork:Enabled=true", $"--Reports:ProofOfWork:Difficulty={Bits}");
        using (var refused = await site.Client.PostAsJsonAsync("/api/status/openai/reports", new { category = "slow" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        var issued = (await site.Client.GetFromJsonAsync<ProofChallenge>("/api/status/openai/reports/challenge"))!;
        Assert.Equal(Bits, issued.Difficulty);
        using (var wrongService = await site.Client.PostAsJsonAsync("/api/status/anthropic/reports",
                   new { category = "slow", powChallenge = issued.Challenge, powNonce = Solve(issued.Challenge!, Bits) }))
        {
            Assert.Contains("another service", await wrongService.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var stored = await site.Client.PostAsJsonAsync("/api/status/openai/reports",
            new { category = "slow", powChallenge = issued.Challenge, powNonce = Solve(issued.Challenge!, Bits) });
        Assert.Equal("stored", (await stored.Content.ReadFromJsonAsync<ReportAnswer>())!.Outcome);
    }
}
