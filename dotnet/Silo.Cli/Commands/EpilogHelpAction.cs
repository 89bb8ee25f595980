using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Silo.Cli.Commands;

/// <summary>The standard help, followed by text System.CommandLine has no place for (the exit codes).</summary>
internal sealed class EpilogHelpAction(HelpAction standard, string epilog) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        var code = standard.Invoke(parseResult);
        var output = parseResult.InvocationConfiguration.Output;
        output.WriteLine(epilog);
        return code;
    }
}
