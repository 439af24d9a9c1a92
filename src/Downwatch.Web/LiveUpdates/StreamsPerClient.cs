using System.Collections.Concurrent;

namespace Downwatch.Web.LiveUpdates;

/// <summary>
/// How many live streams each client address holds, so that one client cannot take the slots everyone shares
/// (<see cref="LiveUpdateOptions.MaxReadersPerClient"/>). The address is the one the forwarded-headers step settled on.
/// </summary>
internal sealed class StreamsPerClient
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>A slot for <paramref name="client"/>, or null when it already holds <paramref name="max"/>.</summary>
    public IDisposable? TryEnter(string client, int max)
    {
        while (true)
        {
            var now = _open.GetValueOrDefault(client);
            if (now >= max)
            {
                return null;
            }

            if (now == 0 ? _open.TryAdd(client, 1) : _open.TryUpdate(client, now + 1, now))
            {
                return new Slot(this, client);
            }
        }
    }

    private void Leave(string client)
    {
        while (true)
        {
            var now = _open[client];
            if (now == 1 ? _open.TryRemove(KeyValuePair.Create(client, 1)) : _open.TryUpdate(client, now - 1, now))
            {
                return;
            }
        }
    }

    private sealed class Slot(StreamsPerClient owner, string client) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                owner.Leave(client);
            }
        }
    }
}
