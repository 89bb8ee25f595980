// One FreeCAD at a time per test: each takes most of a CPU while starting, and xvfb-run's display
// search (-a) races when several start at the same moment. Tests that need two FreeCADs at once
// start them themselves with distinct display numbers (FreeCadOptions.ServerNumber).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
