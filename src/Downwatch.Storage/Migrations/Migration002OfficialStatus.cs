using FluentMigrator;

namespace Downwatch.Storage.Migrations;

/// <summary>Vendor incidents and maintenances as read from status pages, and the state of each official feed.</summary>
[Migration(2, "Vendor incidents and feed state")]
public sealed class Migration002OfficialStatus : Migration
{
    public override void Up()
    {
        Create.Table("vendor_incidents")
            .WithColumn("service").AsString(64).NotNullable().PrimaryKey()
            .WithColumn("id").AsString(512).NotNullable().PrimaryKey()
            .WithColumn("kind").AsInt32().NotNullable()
            .WithColumn("title").AsString(1024).NotNullable()
            .WithColumn("impact").AsInt32().Nullable()
            .WithColumn("phase").AsInt32().NotNullable()
            .WithColumn("started_at").AsInt64().NotNullable()
            .WithColumn("resolved_at").AsInt64().Nullable()
            .WithColumn("window_start").AsInt64().Nullable()
            .WithColumn("window_end").AsInt64().Nullable()
            .WithColumn("url").AsString(1024).Nullable()
            .WithColumn("components").AsString(int.MaxValue).NotNullable()
            .WithColumn("updates").AsString(int.MaxValue).NotNullable()
            .WithColumn("source").AsString(1024).NotNullable();
        Create.Index("ix_vendor_incidents_service_started").OnTable("vendor_incidents")
            .OnColumn("service").Ascending().OnColumn("started_at").Descending();

        Create.Index("ix_official_statuses_service_at").OnTable("official_statuses")
            .OnColumn("service").Ascending().OnColumn("at").Ascending();

        Create.Table("feed_states")
            .WithColumn("source").AsString(1024).NotNullable().PrimaryKey()
            .WithColumn("etag").AsString(512).Nullable()
            .WithColumn("last_modified").AsString(128).Nullable()
            .WithColumn("content_type").AsString(256).Nullable()
            .WithColumn("body").AsBinary(int.MaxValue).Nullable()
            .WithColumn("format").AsString(64).Nullable()
            .WithColumn("summary").AsString(1024).Nullable()
            .WithColumn("last_read_at").AsInt64().Nullable()
            .WithColumn("last_attempt_at").AsInt64().Nullable()
            .WithColumn("last_error").AsString(2048).Nullable()
            .WithColumn("last_error_at").AsInt64().Nullable()
            .WithColumn("failures").AsInt32().NotNullable();
    }

    public override void Down()
    {
        Delete.Table("feed_states");
        Delete.Index("ix_official_statuses_service_at").OnTable("official_statuses");
        Delete.Table("vendor_incidents");
    }
}
