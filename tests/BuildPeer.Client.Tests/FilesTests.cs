using BuildPeer.Client.Files;

namespace BuildPeer.Client.Tests;

public sealed class FilesTests
{
    [Theory]
    [InlineData("foto.JPG", "image/jpeg")]
    [InlineData("foto.jpeg", "image/jpeg")]
    [InlineData("iphone.heic", "image/heic")]
    [InlineData("scan.tif", "image/tiff")]
    [InlineData("plano.pdf", "application/pdf")]
    [InlineData("informe.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    [InlineData("costos.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
    [InlineData("viejo.xls", "application/vnd.ms-excel")]
    [InlineData("notas.txt", null)]
    [InlineData("sin-extension", null)]
    public void Content_types_follow_the_extension(string name, string? expected) => Assert.Equal(expected, ContentTypes.For(name));

    [Fact]
    public void Folders_are_walked_for_accepted_types_without_hidden_files_and_each_file_counts_once()
    {
        using var dir = new TempFolder();
        var photo = dir.Write("obra/fotos/a.jpg");
        dir.Write("obra/fotos/b.png");
        dir.Write("obra/planos/plano.pdf");
        dir.Write("obra/notas.txt");
        dir.Write("obra/.cache/c.jpg");
        dir.Write("obra/.oculto.pdf");

        var collected = FileCollector.Collect([Path.Combine(dir.Path, "obra"), photo, Path.Combine(dir.Path, "nada")]);

        Assert.Equal(["a.jpg", "b.png", "plano.pdf"], collected.Files.Select(f => f.FileName));
        Assert.Equal(1, collected.SkippedInFolders);
        Assert.Equal(["image/jpeg", "image/png", "application/pdf"], collected.Files.Select(f => f.ContentType));
        var problem = Assert.Single(collected.Problems);
        Assert.Contains("no such file or folder", problem);
    }

    [Fact]
    public void A_named_file_of_an_unaccepted_type_is_a_problem()
    {
        using var dir = new TempFolder();
        var text = dir.Write("notas.txt");
        var collected = FileCollector.Collect([text]);
        Assert.Empty(collected.Files);
        Assert.Contains("not a type BuildPeer accepts", Assert.Single(collected.Problems));
    }
}
