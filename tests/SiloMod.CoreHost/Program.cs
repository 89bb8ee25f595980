using SiloMod.CoreHost;

return await HostProgram.RunAsync(HostSettings.FromEnvironment());
