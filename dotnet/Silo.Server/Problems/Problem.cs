using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Silo.Server.Problems;

/// <summary>
/// A refusal a handler answers itself, as one member of its <c>Results&lt;…&gt;</c> return type: the
/// endpoint's OpenAPI entry lists the status because the handler can return it, and the body is
/// written exactly as a thrown <see cref="ProblemException"/> would be.
/// </summary>
/// <remarks>
/// A refusal thrown from a store or a shared check (an unknown item, someone else's lock, a
/// <see cref="Validator"/>) cannot show in a return type, and must stay thrown where it rolls a
/// write back; the endpoint names those statuses with <c>.ProducesProblem</c>.
/// </remarks>
public sealed class Problem<TStatus>(string detail, IReadOnlyDictionary<string, object?>? extensions = null)
    : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult
    where TStatus : IProblemStatus
{
    public string Detail { get; } = detail;

    public int? StatusCode => TStatus.Code;

    public Task ExecuteAsync(HttpContext httpContext) =>
        ProblemResponse.WriteAsync(httpContext, ProblemResponse.Details(TStatus.Code, TStatus.Title, Detail, extensions), exception: null).AsTask();

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(TStatus.Code, typeof(ProblemDetails), [ProblemResponse.ContentType]));
}
