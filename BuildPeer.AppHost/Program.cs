// dotnet run --project BuildPeer.AppHost                          start everything locally (Ctrl+C stops it)
//   [--no-demo] [--state-dir <dir>] [--free-ports]
// dotnet run --project BuildPeer.AppHost -- publish --output-path .   write aspire-manifest.json
// The resources are in AppModel.cs.
return await BuildPeer.AppHost.AppModel.Build(args).RunAsync();
