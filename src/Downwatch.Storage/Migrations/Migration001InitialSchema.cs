using FluentMigrator;

namespace Downwatch.Storage.Migrations;

/// <summary>Observations, assessment history, daily uptime and incidents. Times are Unix milliseconds (UTC).</summary>
[Migration(1, "Initial schema")]
public sealed class Migration001InitialSchema : Migration
{
    public override void Up()
    {
        Create.Table("probe_results")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("service").AsString(64).NotNullable()
            .WithColumn("component").AsString(64).NotNullable()
            .WithColumn("endpoint").AsString(512).NotNullable()
            .WithColumn("location").AsString(64).NotNullable()
            .WithColumn("at").AsInt64().NotNullable()
            .WithColumn("outcome").AsInt32().NotNullable()
            .WithColumn("latency_ms").AsDouble().NotNullable()
            .WithColumn("status_code").AsInt32().Nullable()
            .WithColumn("error_kind").AsString(32).Nullable();
        Create.Index("ix_probe_results_at").OnTable("probe_results").OnColumn("at");
        Create.Index("ix_probe_results_component").OnTable("probe_results")
            .OnColumn("service").Ascending().OnColumn("component").Ascending().OnColumn("at").Descending();

        Create.Table("location_checks")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("location").AsString(64).NotNullable()
            .WithColumn("at").AsInt64().NotNullable()
            .WithColumn("online").AsBoolean().NotNullable()
            .WithColumn("detail").AsString(512).Nullable();
        Create.Index("ix_location_checks_at").OnTable("location_checks").OnColumn("at");

        Create.Table("official_statuses")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("service").AsString(64).NotNullable()
            .WithColumn("component").AsString(64).Nullable()
            .WithColumn("at").AsInt64().NotNullable()
            .WithColumn("status").AsInt32().NotNullable()
            .WithColumn("title").AsString(1024).Nullable()
            .WithColumn("source_url").AsString(1024).Nullable();
        Create.Index("ix_official_statuses_at").OnTable("official_statuses").OnColumn("at");

        Create.Table("reports")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("service").AsString(64).NotNullable()
            .WithColumn("at").AsInt64().NotNullable()
            .WithColumn("reporter").AsString(128).NotNullable()
            .WithColumn("category").AsString(64).NotNullable();
        Create.Index("ix_reports_service_at").OnTable("reports").OnColumn("service").Ascending().OnColumn("at").Ascending();

        Create.Table("assessments")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("service").AsString(64).NotNullable()
            .WithColumn("component").AsString(64).Nullable()
            .WithColumn("at").AsInt64().NotNullable()
            .WithColumn("status").AsInt32().NotNullable()
            .WithColumn("diagnosis").AsInt32().NotNullable()
            .WithColumn("confidence").AsInt32().NotNullable()
            .WithColumn("evidence").AsString(int.MaxValue).NotNullable();
        Create.Index("ix_assessments_service_at").OnTable("assessments").OnColumn("service").Ascending().OnColumn("at").Ascending();

        Create.Table("daily_uptime")
            .WithColumn("service").AsString(64).NotNullable().PrimaryKey()
            .WithColumn("component").AsString(64).NotNullable().PrimaryKey()
            .WithColumn("day").AsString(10).NotNullable().PrimaryKey()
            .WithColumn("operational_seconds").AsDouble().NotNullable()
            .WithColumn("degraded_seconds").AsDouble().NotNullable()
            .WithColumn("outage_seconds").AsDouble().NotNullable()
            .WithColumn("maintenance_seconds").AsDouble().NotNullable()
            .WithColumn("unknown_seconds").AsDouble().NotNullable();

        Create.Table("incidents")
            .WithColumn("id").AsString(128).NotNullable().PrimaryKey()
            .WithColumn("service").AsString(64).NotNullable()
            .WithColumn("title").AsString(512).NotNullable()
            .WithColumn("worst_status").AsInt32().NotNullable()
            .WithColumn("started_at").AsInt64().NotNullable()
            .WithColumn("resolved_at").AsInt64().Nullable()
            .WithColumn("updates").AsString(int.MaxValue).NotNullable();
        Create.Index("ix_incidents_service_started").OnTable("incidents").OnColumn("service").Ascending().OnColumn("started_at").Ascending();
    }

    public override void Down()
    {
        foreach (var table in new[] { "incidents", "daily_uptime", "assessments", "reports", "official_statuses", "location_checks", "probe_results" })
        {
            Delete.Table(table);
        }
    }
}
