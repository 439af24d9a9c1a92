using Downwatch.Storage.Sql;

namespace Downwatch.Storage.Tests;

/// <summary>The contract for API keys, subscriptions and the delivery queue.</summary>
public abstract partial class StoreContractTests
{
    private static Subscription Sub(string id, string? service = "openai", DateTimeOffset? confirmed = null, string? owner = null) =>
        new(id, "webhook", "http://127.0.0.1:9/" + id, service, null, "secret-" + id, confirmed, owner, Now);

    [ContractFact]
    public async Task Api_keys_are_shown_once_stored_hashed_and_revocable()
    {
        var keys = new SqlApiKeyStore(_connections);
        var key = await keys.IssueAsync("ops", Now);
        Assert.StartsWith("dwk_", key, StringComparison.Ordinal);
        Assert.Equal("ops", await keys.AuthenticateAsync(key));
        Assert.Null(await keys.AuthenticateAsync(key + "x"));
        await using (var connection = await _connections.OpenAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT key_hash FROM api_keys";
            Assert.Equal(SqlApiKeyStore.Hash(key), (string?)await command.ExecuteScalarAsync());
        }

        Assert.True(await keys.RevokeAsync("ops", Now));
        Assert.False(await keys.RevokeAsync("ops", Now));
        Assert.Null(await keys.AuthenticateAsync(key));
        Assert.Equal(Now, (await keys.ListAsync()).Single().RevokedAt);

        var again = await keys.IssueAsync("ops", Now);
        Assert.Equal("ops", await keys.AuthenticateAsync(again));
        Assert.Null(await keys.AuthenticateAsync(key));
    }

    [ContractFact]
    public async Task Subscriptions_confirm_once_and_only_confirmed_ones_match()
    {
        var subscriptions = new SqlSubscriptionStore(_connections);
        await subscriptions.AddAsync(Sub("a"), "hash-a");
        await subscriptions.AddAsync(Sub("b", service: null, confirmed: Now, owner: "ops"), null);
        await subscriptions.AddAsync(Sub("c", service: "anthropic", confirmed: Now, owner: "ops"), null);

        Assert.Equal(["b"], (await subscriptions.ConfirmedForAsync("openai")).Select(s => s.Id));
        Assert.True(await subscriptions.SetConfirmHashAsync("a", "hash-a2"));
        Assert.Null(await subscriptions.ConfirmAsync("hash-a", Now));
        var confirmed = await subscriptions.ConfirmAsync("hash-a2", Now);
        Assert.Equal(Now, confirmed!.ConfirmedAt);
        Assert.Null(await subscriptions.ConfirmAsync("hash-a2", Now));
        Assert.False(await subscriptions.SetConfirmHashAsync("a", "hash-a3"));
        Assert.Equal(["a", "b"], (await subscriptions.ConfirmedForAsync("openai")).Select(s => s.Id).Order());
        Assert.Equal("a", (await subscriptions.FindSameAsync("webhook", "http://127.0.0.1:9/a", "openai", null))!.Id);
        Assert.Null(await subscriptions.FindSameAsync("webhook", "http://127.0.0.1:9/a", null, null));
        Assert.Equal(["b", "c"], (await subscriptions.OwnedByAsync("ops")).Select(s => s.Id));
    }

    [ContractFact]
    public async Task A_revoked_keys_subscriptions_no_longer_match_and_e_mail_ones_are_not_touched()
    {
        var keys = new SqlApiKeyStore(_connections);
        await keys.IssueAsync("ops", Now);
        await keys.IssueAsync("other", Now);
        var subscriptions = new SqlSubscriptionStore(_connections);
        await subscriptions.AddAsync(Sub("mine", confirmed: Now, owner: "ops"), null);
        await subscriptions.AddAsync(Sub("theirs", confirmed: Now, owner: "other"), null);
        await subscriptions.AddAsync(Sub("mail", confirmed: Now), null);
        Assert.Equal(["mail", "mine", "theirs"], (await subscriptions.ConfirmedForAsync("openai")).Select(s => s.Id).Order());

        Assert.True(await keys.RevokeAsync("ops", Now));
        Assert.Equal(["mail", "theirs"], (await subscriptions.ConfirmedForAsync("openai")).Select(s => s.Id).Order());
    }

    [ContractFact]
    public async Task Deliveries_queue_once_per_event_one_per_subscription_at_a_time_and_end_sent_or_dead()
    {
        var subscriptions = new SqlSubscriptionStore(_connections);
        var deliveries = new SqlDeliveryStore(_connections);
        await subscriptions.AddAsync(Sub("a", confirmed: Now), null);
        await subscriptions.AddAsync(Sub("b", confirmed: Now), null);
        Assert.Equal(3, await deliveries.EnqueueAsync(
            [new("a", "e1", "status.changed", "{}"), new("a", "e2", "status.changed", "{}"), new("b", "e1", "status.changed", "{}")], Now));
        Assert.Equal(0, await deliveries.EnqueueAsync([new("a", "e1", "status.changed", "{}")], Now));
        Assert.Equal(3, await deliveries.PendingCountAsync());

        var due = await deliveries.DueAsync(Now, 10, []);
        Assert.Equal([("a", "e1"), ("b", "e1")], due.Select(d => (d.SubscriptionId, d.EventId)));
        Assert.Equal(["b"], (await deliveries.DueAsync(Now, 10, ["a"])).Select(d => d.SubscriptionId));
        Assert.Null(await deliveries.NextDueAsync(["a", "b"]));

        var first = due[0];
        await deliveries.MarkRetryAsync(first.Id, 1, Now.AddMinutes(1), "HTTP 500");
        Assert.Equal("e2", (await deliveries.DueAsync(Now, 10, ["b"])).Single().EventId); // the later event is not held back
        await deliveries.MarkSentAsync(due[1].Id, 1, Now);
        Assert.Equal(Now, await deliveries.NextDueAsync([]));
        Assert.Null(await deliveries.NextDueAsync(["a"]));
        var retried = (await deliveries.DueAsync(Now.AddMinutes(1), 10, [])).First(d => d.EventId == "e1");
        Assert.Equal((1, "HTTP 500"), (retried.Attempts, retried.LastError));
        Assert.Equal(first.IdempotencyKey, retried.IdempotencyKey);

        await deliveries.MarkDeadAsync(first.Id, 2, Now.AddMinutes(1), "HTTP 500 again");
        var dead = Assert.Single(await deliveries.DeadLettersAsync(["a", "b"], 10));
        Assert.Equal(("e1", 2, "HTTP 500 again", Now.AddMinutes(1)), (dead.EventId, dead.Attempts, dead.LastError, dead.FinishedAt));
        Assert.Empty(await deliveries.DeadLettersAsync(["b"], 10));

        // Removing a subscription drops what still waited for it, and keeps its history.
        Assert.True(await subscriptions.RemoveAsync("a"));
        Assert.Equal(0, await deliveries.PendingCountAsync());
        Assert.Single(await deliveries.DeadLettersAsync(["a"], 10));

        // Old history goes: sent after one period, dead letters after another.
        Assert.Equal(1, await deliveries.PruneAsync(Now.AddSeconds(1), Now));
        Assert.Single(await deliveries.DeadLettersAsync(["a"], 10));
        Assert.Equal(1, await deliveries.PruneAsync(Now.AddSeconds(1), Now.AddMinutes(2)));
        Assert.Empty(await deliveries.DeadLettersAsync(["a"], 10));
    }
}
