namespace Silo.Client.Http;

/// <summary>Stands in for <see cref="RetryHandler"/> when retries are off.</summary>
internal sealed class PassThroughHandler : DelegatingHandler;
