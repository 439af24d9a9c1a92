using FluentMigrator;

namespace Downwatch.Storage.Migrations;

/// <summary>Provider API keys for inference probes (encrypted), their daily spend, and the Data Protection key ring that
/// encrypts them, shared by every node through the database.</summary>
[Migration(30, "Provider keys")]
public sealed class Migration030ProviderKeys : Migration
{
    public override void Up()
    {
        Create.Table("provider_keys")
            .WithColumn("name").AsString(64).NotNullable().PrimaryKey()
            .WithColumn("service").AsString(64).NotNullable()
            .WithColumn("protected_secret").AsString(int.MaxValue).NotNullable()
            .WithColumn("models").AsString(int.MaxValue).NotNullable()
            .WithColumn("locations").AsString(int.MaxValue).NotNullable()
            .WithColumn("base_url").AsString(2048).Nullable()
            .WithColumn("requests_per_day").AsInt32().NotNullable()
            .WithColumn("tokens_per_day").AsInt64().NotNullable()
            .WithColumn("created_at").AsInt64().NotNullable()
            .WithColumn("revoked_at").AsInt64().Nullable();

        Create.Table("provider_key_spend")
            .WithColumn("name").AsString(64).NotNullable().PrimaryKey()
            .WithColumn("day").AsString(10).NotNullable().PrimaryKey()
            .WithColumn("requests").AsInt32().NotNullable()
            .WithColumn("tokens").AsInt64().NotNullable();

        Create.Table("data_protection_keys")
            .WithColumn("name").AsString(256).NotNullable().PrimaryKey()
            .WithColumn("xml").AsString(int.MaxValue).NotNullable();
    }

    public override void Down()
    {
        Delete.Table("data_protection_keys");
        Delete.Table("provider_key_spend");
        Delete.Table("provider_keys");
    }
}
