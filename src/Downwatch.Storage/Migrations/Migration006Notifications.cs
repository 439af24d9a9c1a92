using FluentMigrator;

namespace Downwatch.Storage.Migrations;

/// <summary>API keys (SHA-256 hashes), notification subscriptions and the persisted delivery queue with its dead letters.</summary>
[Migration(6, "Notifications")]
public sealed class Migration006Notifications : Migration
{
    public override void Up()
    {
        Create.Table("api_keys")
            .WithColumn("name").AsString(64).NotNullable().PrimaryKey()
            .WithColumn("key_hash").AsString(64).NotNullable().Unique()
            .WithColumn("created_at").AsInt64().NotNullable()
            .WithColumn("revoked_at").AsInt64().Nullable();

        Create.Table("subscriptions")
            .WithColumn("id").AsString(32).NotNullable().PrimaryKey()
            .WithColumn("channel").AsString(16).NotNullable()
            .WithColumn("target").AsString(2048).NotNullable()
            .WithColumn("service").AsString(64).Nullable()
            .WithColumn("component").AsString(64).Nullable()
            .WithColumn("secret").AsString(128).NotNullable()
            .WithColumn("confirm_hash").AsString(64).Nullable()
            .WithColumn("confirmed_at").AsInt64().Nullable()
            .WithColumn("owner_key").AsString(64).Nullable()
            .WithColumn("created_at").AsInt64().NotNullable();
        Create.Index("ix_subscriptions_confirm").OnTable("subscriptions").OnColumn("confirm_hash").Ascending();
        Create.Index("ix_subscriptions_target").OnTable("subscriptions")
            .OnColumn("channel").Ascending().OnColumn("target").Ascending()
            .OnColumn("service").Ascending().OnColumn("component").Ascending();

        Create.Table("deliveries")
            .WithColumn("id").AsInt64().NotNullable().PrimaryKey().Identity()
            .WithColumn("subscription_id").AsString(32).NotNullable()
            .WithColumn("event_id").AsString(200).NotNullable()
            .WithColumn("idempotency_key").AsString(64).NotNullable()
            .WithColumn("kind").AsString(32).NotNullable()
            .WithColumn("payload").AsString(int.MaxValue).NotNullable()
            .WithColumn("state").AsString(16).NotNullable()
            .WithColumn("attempts").AsInt32().NotNullable()
            .WithColumn("next_attempt_at").AsInt64().NotNullable()
            .WithColumn("last_error").AsString(500).Nullable()
            .WithColumn("created_at").AsInt64().NotNullable()
            .WithColumn("finished_at").AsInt64().Nullable();
        Create.Index("ux_deliveries_event").OnTable("deliveries")
            .OnColumn("subscription_id").Ascending().OnColumn("event_id").Ascending().WithOptions().Unique();
        Create.Index("ix_deliveries_due").OnTable("deliveries")
            .OnColumn("state").Ascending().OnColumn("next_attempt_at").Ascending();
    }

    public override void Down()
    {
        Delete.Table("deliveries");
        Delete.Table("subscriptions");
        Delete.Table("api_keys");
    }
}
