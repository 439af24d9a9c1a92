using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Downwatch.Probing.Agent;

/// <summary>Thrown when the server refuses the agent's token: retrying will not help until an operator acts.</summary>
public sealed class AgentRejectedException(string message) : Exception(message);

/// <summary>The agent's side of the agent API: fetch the assignment, push results.</summary>
public sealed class AgentClient(HttpClient http, IOptions<AgentOptions> options)
{
    public const string AssignmentPath = "api/agent/v1/assignment";
    public const string ResultsPath = "api/agent/v1/results";

    public async Task<IReadOnlyList<ProbeTarget>> AssignmentAsync(CancellationToken ct)
    {
        using var request = Request(HttpMethod.Get, AssignmentPath);
        using var response = await http.SendAsync(request, ct);
        await EnsureAccepted(response);
        return await response.Content.ReadFromJsonAsync<List<ProbeTarget>>(AgentBatch.Json, ct) ?? [];
    }

    public async Task PushAsync(AgentBatch batch, CancellationToken ct)
    {
        using var request = Request(HttpMethod.Post, ResultsPath);
        request.Content = JsonContent.Create(batch, options: AgentBatch.Json);
        using var response = await http.SendAsync(request, ct);
        await EnsureAccepted(response);
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var o = options.Value;
        var request = new HttpRequestMessage(method, new Uri(o.Server!, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.Token);
        return request;
    }

    private static async Task EnsureAccepted(HttpResponseMessage response)
    {
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new AgentRejectedException($"The server refused this agent's token ({(int)response.StatusCode}); ask an operator for a new one.");
        }

        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new HttpRequestException($"The server answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 200)]}", null, response.StatusCode);
        }
    }
}
