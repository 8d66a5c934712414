// Each test starts a whole AppHost (DCP, PostgreSQL, the emulator, clamd, both services): one at a time on these 2 cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
