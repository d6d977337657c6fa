using Microsoft.EntityFrameworkCore.Design;

// Tells the EF Core tools (dotnet ef, Package Manager Console) which class adds this provider's design-time services
// when a startup project's context uses UseLightning: they find it by this attribute on the provider's assembly.
[assembly: DesignTimeProviderServices("Lightning.EFCore.Design.Internal.LightningDesignTimeServices")]
