using System.ComponentModel.DataAnnotations;

namespace Downwatch.Notifications;

/// <summary>Section "Notifications": how deliveries are sent, retried and bounded, and the SMTP server for e-mail.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Run the background sender (deliveries are still queued when false).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Attempts per delivery before it becomes a dead letter.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Wait after the first failed attempt; doubled after each further failure, up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Longest one attempt may take (connect, send, answer), whatever the receiver does.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts in flight at once; a slow receiver holds one slot, never the queue.</summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>Attempts in flight at once for the subscriptions of one API key (public e-mail subscriptions count as one
    /// owner): one key's dead receivers can hold at most this many slots, never another key's deliveries.</summary>
    [Range(1, 256)]
    public int MaxConcurrencyPerOwner { get; set; } = 4;

    /// <summary>Let webhook, Slack and Discord deliveries reach loopback, private and link-local addresses (a receiver on
    /// the same network). Off by default: whoever may create a webhook could otherwise make the server call internal services.</summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>More addresses of this server that no receiver may have (its public address behind NAT, say); refused
    /// even when private addresses are allowed.</summary>
    public List<string> OwnAddresses { get; set; } = [];

    /// <summary>Count the addresses of the machine's network interfaces (except loopback) as its own too.</summary>
    public bool IncludeInterfaceAddresses { get; set; } = true;

    /// <summary>How often the queue is looked at when nothing wakes the sender.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Sent deliveries are deleted after this long.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan KeepSent { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Dead letters are deleted after this long.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan KeepDeadLetters { get; set; } = TimeSpan.FromDays(30);

    public SmtpSettings Smtp { get; set; } = new();

    /// <summary>Section "Notifications:Smtp". With no host, e-mail subscriptions are refused (503).</summary>
    public sealed class SmtpSettings
    {
        public string? Host { get; set; }

        public int Port { get; set; } = 587;

        /// <summary>"Auto" (STARTTLS when offered), "StartTls" (required), "SslOnConnect" or "None".</summary>
        public string Security { get; set; } = "Auto";

        public string From { get; set; } = "Downwatch <notifications@downwatch.invalid>";

        public string? UserName { get; set; }

        public string? Password { get; set; }

        public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
    }
}
