using Spectre.Console;

namespace Silo.Cli.Output;

/// <summary>
/// Where the commands write. On a terminal it renders tables and progress bars with Spectre.Console;
/// when stdout is redirected (scripts, tests, pipes) it writes plain lines without escape codes.
/// </summary>
internal sealed class CliConsole
{
    public CliConsole(TextWriter output, TextWriter error, bool interactive)
    {
        Out = output;
        Error = error;
        Interactive = interactive;
        Ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
    }

    public static CliConsole FromProcess()
    {
        var interactive = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("TERM") is not "dumb";
        return new CliConsole(Console.Out, Console.Error, interactive);
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public bool Interactive { get; }

    public IAnsiConsole Ansi { get; }

    public void Line(string text = "") => Out.WriteLine(text);

    /// <summary>Something the user should know that does not stop the command.</summary>
    public void Warn(string text) => Error.WriteLine("silo: warning: " + text);

    /// <summary>Rows under headers: a bordered table on a terminal, tab-separated lines otherwise.</summary>
    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        if (!Interactive)
        {
            Out.WriteLine(string.Join('\t', headers));
            foreach (var row in rows) Out.WriteLine(string.Join('\t', row));
            return;
        }
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers) table.AddColumn(Markup.Escape(header));
        foreach (var row in rows) table.AddRow(row.Select(Markup.Escape).ToArray());
        Ansi.Write(table);
    }
}
