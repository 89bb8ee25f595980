using Silo.Client.Files;
using Spectre.Console;

namespace Silo.Cli.Output;

/// <summary>
/// Runs downloads a few at a time: with one progress bar each on a terminal, with one plain line
/// per finished file otherwise (a redirected stdout gets no escape codes and no redraws).
/// </summary>
internal sealed class DownloadBars(CliConsole console, int parallel)
{
    /// <param name="download">Downloads one file, reporting to the progress it is given, and returns the line to show when it is done.</param>
    public async Task RunAsync<T>(
        IReadOnlyList<T> items, Func<T, string> label, Func<T, IProgress<DownloadProgress>?, CancellationToken, Task<string>> download, CancellationToken ct)
    {
        if (items.Count == 0) return;
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct };
        if (!console.Interactive)
        {
            var gate = new Lock();
            await Parallel.ForEachAsync(items, options, async (item, token) =>
            {
                var done = await download(item, null, token);
                lock (gate) console.Line(done);
            });
            return;
        }

        var finished = new List<string>();
        await console.Ansi.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(async context =>
            {
                var tasks = items.Select(i => context.AddTask(Markup.Escape(label(i)), autoStart: false)).ToList();
                await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), options, async (index, token) =>
                {
                    var task = tasks[index];
                    task.StartTask();
                    var done = await download(items[index], new TaskProgress(task), token);
                    task.Value = task.MaxValue;
                    task.StopTask();
                    lock (finished) finished.Add(done);
                });
            });
        // Printed after the bars: writing while Spectre redraws them would tear the display.
        foreach (var line in finished) console.Line(line);
    }

    private sealed class TaskProgress(ProgressTask task) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value)
        {
            if (value.TotalBytes is { } total && total > 0) task.MaxValue = total;
            else task.IsIndeterminate = true;
            task.Value = value.BytesReceived;
        }
    }
}
