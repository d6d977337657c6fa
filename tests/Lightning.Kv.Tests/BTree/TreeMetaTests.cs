using System.Buffers.Binary;
using Lightning.Kv.BTree;

namespace Lightning.Kv.Tests.BTree;

public sealed class TreeMetaTests
{
    private static readonly TreeMeta Sample = new(
        TxnId: 0x0102030405060708, PageSize: 16384, RootPageId: 77, Height: 3, PageCount: 1234,
        FreeListPageId: 99, LastSequence: 0xFFEEDDCCBBAA, EntryCount: 987654321);

    [Theory]
    [InlineData(0ul)]
    [InlineData(1ul)]
    public void EncodeDecodeRoundTrip(ulong pageId)
    {
        byte[] page = new byte[Sample.PageSize];
        Sample.Encode(page, pageId);
        TreeMeta? decoded = TreeMeta.TryDecode(page, pageId, out uint version);
        Assert.Equal(Sample, decoded);
        Assert.Equal(TreeMeta.FormatVersion, version);
        Assert.Equal(PageType.Meta, PageFormat.TypeOf(page));
        Assert.Equal(pageId, PageFormat.PageIdOf(page));
        Assert.Equal(Sample.TxnId, PageFormat.TxnIdOf(page));
        Assert.Equal("LKVTREE1"u8.ToArray(), page[32..40]);
    }

    [Fact]
    public void DecodingOnlyNeedsTheEncodedPrefix()
    {
        byte[] page = new byte[4096];
        Sample.Encode(page, 0);
        Assert.Equal(Sample, TreeMeta.TryDecode(page.AsSpan(0, TreeMeta.EncodedLength), 0, out _));
        page.AsSpan(TreeMeta.EncodedLength).Fill(0xAB); // bytes past the prefix are not covered
        Assert.Equal(Sample, TreeMeta.TryDecode(page, 0, out _));
        Assert.Null(TreeMeta.TryDecode(page.AsSpan(0, TreeMeta.EncodedLength - 1), 0, out _));
    }

    [Fact]
    public void EveryDamagedByteOfTheEncodedPrefixIsRejected()
    {
        byte[] page = new byte[4096];
        Sample.Encode(page, 1);
        for (int at = 0; at < TreeMeta.EncodedLength; at++)
        {
            byte[] damaged = page.ToArray();
            damaged[at] ^= 0x20;
            Assert.Null(TreeMeta.TryDecode(damaged, 1, out _));
        }
    }

    [Fact]
    public void MetaPageAtTheWrongPlaceIsRejected()
    {
        byte[] page = new byte[4096];
        Sample.Encode(page, 0);
        Assert.Null(TreeMeta.TryDecode(page, 1, out _));
    }

    [Fact]
    public void ChecksummedPagesThatAreNotMetaPagesAreRejected()
    {
        byte[] page = new byte[4096];
        Sample.Encode(page, 0);
        page[PageFormat.TypeOffset] = (byte)PageType.Leaf;
        PageFormat.Seal(page, TreeMeta.EncodedLength);
        Assert.Null(TreeMeta.TryDecode(page, 0, out _));

        Sample.Encode(page, 0);
        page[32] ^= 1; // magic
        PageFormat.Seal(page, TreeMeta.EncodedLength);
        Assert.Null(TreeMeta.TryDecode(page, 0, out _));
    }

    [Fact]
    public void OtherFormatVersionsDecodeAndReportTheirVersion()
    {
        byte[] page = new byte[4096];
        Sample.Encode(page, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(page.AsSpan(40), 2);
        PageFormat.Seal(page, TreeMeta.EncodedLength);
        Assert.NotNull(TreeMeta.TryDecode(page, 0, out uint version));
        Assert.Equal(2u, version);
    }

    [Fact]
    public void EmptyMetaDescribesAnEmptyTree()
    {
        TreeMeta empty = TreeMeta.Empty(8192);
        Assert.Equal(new TreeMeta(0, 8192, 0, 0, TreeMeta.FirstDataPage, 0, 0, 0), empty);
    }
}
