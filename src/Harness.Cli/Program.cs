using System.Runtime.InteropServices;
using Harness.Cli;

// Ctrl-C and SIGTERM cancel the run instead of killing the process, so that peers are stopped and
// reports finished before the harness exits.
StartupTrace.Mark("main");
using var interrupt = new CancellationTokenSource();
var signal = 0;
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    signal = context.Signal == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;
    interrupt.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

var code = await HarnessCommand.RunAsync(args, Console.Out, Console.Error, interrupt.Token);
StartupTrace.Mark("report and exit");
StartupTrace.Print(Console.Error);
// `harness serve` runs until it is stopped: a signal is its normal end, not an interruption.
return signal != 0 && args is not ["serve", ..] ? signal : code;
