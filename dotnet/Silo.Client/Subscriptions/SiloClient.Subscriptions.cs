using Silo.Protocol.Subscriptions;

namespace Silo.Client;

public sealed partial class SiloClient
{
    public Task<IReadOnlyList<Subscription>> ListSubscriptionsAsync(string workstationId, CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<Subscription>>($"api/workstations/{Segment(workstationId, nameof(workstationId))}/subscriptions", ct);

    public Task<Subscription> CreateSubscriptionAsync(
        string workstationId, string type, string target, string revisionPolicy = RevisionPolicies.LatestReleased, int? pinnedRevision = null,
        CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentException.ThrowIfNullOrEmpty(target);
        ArgumentException.ThrowIfNullOrEmpty(revisionPolicy);
        return SendAsync<Subscription>(HttpMethod.Post, $"api/workstations/{Segment(workstationId, nameof(workstationId))}/subscriptions",
            new CreateSubscriptionRequest(type, target, revisionPolicy, pinnedRevision), ct);
    }

    public Task<Subscription> UpdateSubscriptionAsync(string subscriptionId, SubscriptionUpdate update, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        return SendAsync<Subscription>(HttpMethod.Patch, $"api/subscriptions/{Segment(subscriptionId, nameof(subscriptionId))}", update, ct);
    }

    public Task DeleteSubscriptionAsync(string subscriptionId, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Delete, $"api/subscriptions/{Segment(subscriptionId, nameof(subscriptionId))}", body: null, ct);

    public Task<IReadOnlyList<ResolvedItem>> ResolveSubscriptionAsync(string subscriptionId, CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<ResolvedItem>>($"api/subscriptions/{Segment(subscriptionId, nameof(subscriptionId))}/resolve", ct);

    public Task<SubscriptionSummary> GetSubscriptionSummaryAsync(string workstationId, CancellationToken ct = default) =>
        GetAsync<SubscriptionSummary>($"api/workstations/{Segment(workstationId, nameof(workstationId))}/subscriptions/summary", ct);

    public Task<IReadOnlyList<ResolvedItem>> ResolveAllSubscriptionsAsync(string workstationId, CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<ResolvedItem>>($"api/workstations/{Segment(workstationId, nameof(workstationId))}/subscriptions/resolve", ct);
}
