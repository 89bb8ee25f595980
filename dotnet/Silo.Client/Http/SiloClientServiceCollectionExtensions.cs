using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace Silo.Client.Http;

public static class SiloClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISiloClient"/> as a typed client of <see cref="IHttpClientFactory"/>,
    /// so handlers are pooled and DNS changes are honoured, with the bearer token added per request.
    /// </summary>
    /// <returns>The client's builder, to add handlers (e.g. resilience) to its pipeline.</returns>
    public static IHttpClientBuilder AddSiloClient(this IServiceCollection services, Action<SiloClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SiloClientOptions>()
            .Configure(configure)
            .Validate(o => o.BaseAddress is { IsAbsoluteUri: true }, "SiloClientOptions.BaseAddress must be an absolute URI.")
            .Validate(o => o.Timeout > TimeSpan.Zero, "SiloClientOptions.Timeout must be positive.")
            .Validate(o => o.MaxRetries >= 0 && o.RetryBaseDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.RetryBaseDelay,
                "SiloClientOptions: MaxRetries must be 0 or more, RetryBaseDelay positive and MaxRetryDelay at least RetryBaseDelay.")
            .Validate(o => o.AcquireBudget > TimeSpan.Zero, "SiloClientOptions.AcquireBudget must be positive.")
            // Polly's own limits, checked here so a bad value fails at resolution with a clear message.
            .Validate(o => !o.CircuitBreakerEnabled || (o.CircuitBreakerFailureRatio is > 0 and <= 1 && o.CircuitBreakerMinimumThroughput >= 2
                    && o.CircuitBreakerSamplingDuration >= TimeSpan.FromMilliseconds(500) && o.CircuitBreakerBreakDuration >= TimeSpan.FromMilliseconds(500)),
                "SiloClientOptions: CircuitBreakerFailureRatio must be in (0, 1], CircuitBreakerMinimumThroughput at least 2, "
                + "CircuitBreakerSamplingDuration and CircuitBreakerBreakDuration at least 0.5 s.");
        services.AddTransient<BearerTokenHandler>();
        // One per container: the typed client is created per resolution, the hashes it learnt must outlive it.
        services.TryAddSingleton<Files.FileHashCache>();
        // One per container: the breaker's state must survive IHttpClientFactory's handler rotation.
        services.TryAddSingleton(sp => new SiloResiliencePipelines(sp.GetRequiredService<IOptions<SiloClientOptions>>(), sp.GetService<TimeProvider>()));
        services.AddTransient(sp => new ResilienceHandler(sp.GetRequiredService<SiloResiliencePipelines>()));
        var client = services.AddHttpClient<ISiloClient, SiloClient>((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<SiloClientOptions>>().Value;
                http.BaseAddress = BaseAddresses.AsDirectory(options.BaseAddress!);
                http.Timeout = options.Timeout;
            })
            .AddHttpMessageHandler<BearerTokenHandler>()
            // Inside the token handler, so every attempt carries the token; inside HttpClient, so
            // retries count against its timeout. The budget wraps the retries it must cut short.
            .AddHttpMessageHandler<ResilienceHandler>();
        client.AddResilienceHandler("silo", (builder, context) =>
                context.ServiceProvider.GetRequiredService<SiloResiliencePipelines>().Configure(builder, context.InstanceName))
            .SelectPipelineBy(sp => sp.GetRequiredService<SiloResiliencePipelines>().PipelineFor);
        return client;
    }
}
