namespace BuildPeer.TestSupport.SigV4;

/// <summary>The three stages of a Signature Version 4 signature, kept so tests and diagnostics can compare each one.</summary>
public sealed record SigV4Computation(SigV4CanonicalRequest CanonicalRequest, string StringToSign, string Signature);
