using BuildPeer.Uploads.Rules;

namespace BuildPeer.Uploads.Tests;

public sealed class UploadRulesTests
{
    private static readonly UploadLimits Limits = new();

    [Theory]
    [InlineData("image/jpeg", ContentKind.Photo)]
    [InlineData("IMAGE/HEIC", ContentKind.Photo)]
    [InlineData("application/pdf; charset=binary", ContentKind.Pdf)]
    [InlineData("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ContentKind.Office)]
    public void Accepted_content_types_map_to_their_kind(string type, ContentKind kind)
    {
        Assert.True(ContentKinds.TryGet(type, out var actual));
        Assert.Equal(kind, actual);
    }

    [Theory]
    [InlineData("application/x-msdownload")]
    [InlineData("text/html")]
    [InlineData("image/svg+xml")]
    public void Executables_html_and_svg_are_refused(string type)
    {
        var errors = UploadRequestRules.Validate(new FileToUpload("x", type, 10, null), Limits);
        Assert.Contains("contentType", errors.Keys);
    }

    [Fact]
    public void Size_over_the_limit_names_both_sizes()
    {
        var errors = UploadRequestRules.Validate(new FileToUpload("plano.pdf", "application/pdf", 150_000_000, null), Limits);
        Assert.Contains("150 MB", errors["size"][0]);
        Assert.Contains("100 MB", errors["size"][0]);
    }

    [Fact]
    public void A_bad_sha256_is_refused_and_a_good_one_accepted()
    {
        Assert.Contains("sha256", UploadRequestRules.Validate(new FileToUpload("a.jpg", "image/jpeg", 1, "xyz"), Limits).Keys);
        Assert.Empty(UploadRequestRules.Validate(new FileToUpload("a.jpg", "image/jpeg", 1, new string('a', 64)), Limits));
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\fotos\\obra\"1\".jpg", "obra1.jpg")]
    [InlineData("plano\u0000baja.pdf", "planobaja.pdf")]
    [InlineData("...", "file")]
    [InlineData("informe final ñandú.pdf", "informe final ñandú.pdf")]
    public void File_names_are_made_safe_for_display(string input, string expected) =>
        Assert.Equal(expected, FileNames.Sanitize(input));

    [Theory]
    [InlineData("factura\u202Egpj.exe", "facturagpj.exe")] // right-to-left override: displays as "facturaexe.jpg"
    [InlineData("a\u202Ab\u202Bc\u202Cd\u202De.pdf", "abcde.pdf")] // embeddings, pop, left-to-right override
    [InlineData("\u2066plano\u2067 \u2068baja\u2069.pdf", "plano baja.pdf")] // isolates
    [InlineData("\u200Efoto\u200F.jpg", "foto.jpg")] // direction marks
    public void Bidi_controls_are_stripped(string input, string expected) =>
        Assert.Equal(expected, FileNames.Sanitize(input));

    [Theory]
    [InlineData("plano\u0007\u001B\u007F\u0085\u009Bbaja.pdf", "planobaja.pdf")] // Cc: C0, DEL, C1
    [InlineData("\uFEFFinforme\u00AD\u200B\u2060.pdf", "informe.pdf")] // Cf: BOM, soft hyphen, zero-width space, word joiner
    [InlineData("obra\U000E0041\U000E007F.jpg", "obra.jpg")] // Cf outside the BMP: tag characters
    public void Control_and_format_characters_are_stripped(string input, string expected) =>
        Assert.Equal(expected, FileNames.Sanitize(input));

    [Theory]
    [InlineData("linea\u2028uno.pdf", "lineauno.pdf")] // Zl
    [InlineData("parrafo\u2029dos.pdf", "parrafodos.pdf")] // Zp
    public void Line_and_paragraph_separators_are_stripped(string input, string expected) =>
        Assert.Equal(expected, FileNames.Sanitize(input));

    [Theory]
    [InlineData("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645.pdf")] // Persian with a zero-width non-joiner
    [InlineData("equipo \U0001F469\u200D\U0001F527.jpg")] // emoji sequence with a zero-width joiner
    [InlineData("\u05EA\u05D5\u05DB\u05E0\u05D9\u05EA.pdf")] // Hebrew: right-to-left letters themselves stay
    public void Joiners_and_right_to_left_letters_stay(string input) =>
        Assert.Equal(input, FileNames.Sanitize(input));

    [Fact]
    public void Truncation_never_splits_a_surrogate_pair()
    {
        var name = FileNames.Sanitize(new string('a', 250) + "\U0001F4F7\U0001F4F7" + ".pdf", 255);
        Assert.Equal(new string('a', 250) + ".pdf", name); // cutting at 251 would keep half of the first emoji
    }

    [Fact]
    public void Long_file_names_keep_their_extension()
    {
        var name = FileNames.Sanitize(new string('a', 300) + ".pdf", 255);
        Assert.Equal(255, name.Length);
        Assert.EndsWith(".pdf", name);
    }

    [Fact]
    public void Keys_live_under_the_tenant_project_upload_prefix()
    {
        var (t, p, u) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var key = ObjectKeys.Original(t, p, u);
        Assert.Equal($"tenant-{t:N}/project-{p:N}/uploads/{u:N}/original", key);
        Assert.True(ObjectKeys.BelongsTo(ObjectKeys.Rendition(t, p, u, "thumb-200", "jpg"), t, p, u));
        Assert.False(ObjectKeys.BelongsTo(key, Guid.NewGuid(), p, u));
    }

    [Fact]
    public void Small_files_get_one_put_and_large_ones_fixed_parts_within_S3_limits()
    {
        Assert.False(UploadPlan.For(5 * UploadLimits.MiB, Limits).Multipart);
        var plan = UploadPlan.For(100_000_000, Limits);
        Assert.True(plan.Multipart);
        Assert.Equal(8 * UploadLimits.MiB, plan.PartSize);
        Assert.Equal(12, plan.Parts.Count);
        Assert.Equal(100_000_000, plan.Parts.Sum(p => p.Length));
        Assert.All(plan.Parts.SkipLast(1), p => Assert.True(p.Length >= UploadPlan.MinPartSize));
        Assert.Equal(Enumerable.Range(1, 12), plan.Parts.Select(p => p.PartNumber));
    }

    [Fact]
    public void Huge_files_grow_the_part_size_to_stay_under_10000_parts()
    {
        var plan = UploadPlan.For(200L * 1024 * 1024 * 1024, new UploadLimits { MaxFileSize = long.MaxValue });
        Assert.True(plan.Parts.Count <= UploadPlan.MaxParts);
    }

    [Fact]
    public void A_client_on_a_slow_link_may_ask_for_parts_down_to_S3s_minimum()
    {
        var photo = UploadPlan.For(7 * UploadLimits.MiB, Limits, requestedPartSize: UploadPlan.MinPartSize);
        var plan = UploadPlan.For(50_000_000, Limits, requestedPartSize: UploadPlan.MinPartSize);

        Assert.True(photo.Multipart);
        Assert.Equal([5 * UploadLimits.MiB, 2 * UploadLimits.MiB], photo.Parts.Select(p => p.Length));
        Assert.Equal(10, plan.Parts.Count);
        Assert.Equal(50_000_000, plan.Parts.Sum(p => p.Length));
        Assert.False(UploadPlan.For(4_000_000, Limits, UploadPlan.MinPartSize).Multipart);
    }

    [Theory]
    [InlineData(4 * UploadLimits.MiB)]
    [InlineData(9 * UploadLimits.MiB)]
    public void A_part_size_outside_5_MiB_to_the_servers_is_refused_saying_the_range(long partSize)
    {
        var errors = UploadRequestRules.Validate(new FileToUpload("plano.pdf", "application/pdf", 50_000_000, null, partSize), Limits);

        Assert.Contains("between 5242880 (5 MiB, S3's smallest part) and 8388608 bytes", Assert.Single(errors["partSize"]));
        Assert.Empty(UploadRequestRules.Validate(new FileToUpload("plano.pdf", "application/pdf", 50_000_000, null, 6 * UploadLimits.MiB), Limits));
    }
}
