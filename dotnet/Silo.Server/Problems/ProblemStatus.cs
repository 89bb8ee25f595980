namespace Silo.Server.Problems;

/// <summary>A refusal's status code and title, as a type, so a handler's return type can name it.</summary>
public interface IProblemStatus
{
    static abstract int Code { get; }

    static abstract string Title { get; }
}

/// <summary>The refusals the API answers; <see cref="ProblemException"/> and <see cref="Problem{TStatus}"/> take their titles from here.</summary>
public static class ProblemStatus
{
    public sealed class BadRequest : IProblemStatus
    {
        public static int Code => StatusCodes.Status400BadRequest;

        public static string Title => "Bad request";
    }

    public sealed class Forbidden : IProblemStatus
    {
        public static int Code => StatusCodes.Status403Forbidden;

        public static string Title => "Forbidden";
    }

    public sealed class NotFound : IProblemStatus
    {
        public static int Code => StatusCodes.Status404NotFound;

        public static string Title => "Not found";
    }

    public sealed class Conflict : IProblemStatus
    {
        public static int Code => StatusCodes.Status409Conflict;

        public static string Title => "Conflict";
    }

    public sealed class TooLarge : IProblemStatus
    {
        public static int Code => StatusCodes.Status413PayloadTooLarge;

        public static string Title => "Payload too large";
    }

    public sealed class Unsupported : IProblemStatus
    {
        public static int Code => StatusCodes.Status415UnsupportedMediaType;

        public static string Title => "Unsupported media type";
    }
}
