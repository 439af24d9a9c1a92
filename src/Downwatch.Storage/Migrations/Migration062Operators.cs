using FluentMigrator;

namespace Downwatch.Storage.Migrations;

/// <summary>The operator console: accounts, what operators said (overrides, maintenance, silences), the audit log, and
/// incidents that people lead, with a version against lost updates and a flag for the next round to announce them.</summary>
[Migration(62, "Operators")]
public sealed class Migration062Operators : Migration
{
    public override void Up()
    {
        Create.Table("operator_accounts")
            .WithColumn("name").AsString(64).NotNullable().PrimaryKey()
            .WithColumn("role").AsInt32().NotNullable()
            .WithColumn("password_hash").AsString(512).NotNullable()
            .WithColumn("stamp").AsString(64).NotNullable()
            .WithColumn("failed_sign_ins").AsInt32().NotNullable()
            .WithColumn("locked_until").AsInt64().Nullable()
            .WithColumn("created_at").AsInt64().NotNullable();

        Create.Table("operator_statements")
            .WithColumn("id").AsString(64).NotNullable().PrimaryKey()
            .WithColumn("kind").AsString(16).NotNullable()
            .WithColumn("service").AsString(64).NotNullable()
            .WithColumn("components").AsString(4000).NotNullable()
            .WithColumn("status").AsInt32().Nullable()
            .WithColumn("text").AsString(int.MaxValue).NotNullable()
            .WithColumn("author").AsString(64).NotNullable()
            .WithColumn("starts_at").AsInt64().NotNullable()
            .WithColumn("ends_at").AsInt64().NotNullable();
        Create.Index("ix_operator_statements_ends").OnTable("operator_statements").OnColumn("ends_at");

        Create.Table("audit_log")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("at").AsInt64().NotNullable()
            .WithColumn("actor").AsString(64).NotNullable()
            .WithColumn("address").AsString(64).NotNullable()
            .WithColumn("action").AsString(64).NotNullable()
            .WithColumn("detail").AsString(int.MaxValue).NotNullable();
        Create.Index("ix_audit_log_at").OnTable("audit_log").OnColumn("at");

        Alter.Table("incidents")
            .AddColumn("components").AsString(int.MaxValue).Nullable()
            .AddColumn("led_by").AsString(64).Nullable()
            .AddColumn("version").AsInt32().NotNullable().WithDefaultValue(1)
            .AddColumn("announced").AsInt32().NotNullable().WithDefaultValue(1);
        Create.Index("ix_incidents_announced").OnTable("incidents").OnColumn("announced");
    }

    public override void Down()
    {
        Delete.Index("ix_incidents_announced").OnTable("incidents");
        Delete.Column("announced").Column("version").Column("led_by").Column("components").FromTable("incidents");
        Delete.Table("audit_log");
        Delete.Table("operator_statements");
        Delete.Table("operator_accounts");
    }
}
