using System.ComponentModel;
using System.Globalization;

namespace Silo.Server.Hosting;

/// <summary>Lets the configuration binder read a <see cref="Duration"/> setting from its text.</summary>
public sealed class DurationConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? Duration.Parse(text) : base.ConvertFrom(context, culture, value);

    public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType) =>
        value is Duration duration && destinationType == typeof(string) ? duration.ToString() : base.ConvertTo(context, culture, value, destinationType);
}
