using Harness.Engine.Running;

namespace Harness.Engine.Tests.Running;

/// <summary>The stream receive buffer grows as bytes arrive, and never past its limit.</summary>
public sealed class ReceiveBufferTests
{
    [Test]
    public void Filling_the_buffer_read_by_read_allocates_no_more_than_the_limit_and_offers_no_room_once_full()
    {
        // Given a buffer with a limit that is not a power of two
        var buffer = new ReceiveBuffer(100_000);

        // When every offered byte is filled, read after read
        while (!buffer.IsFull)
        {
            var room = buffer.FreeSpace();
            room.Length.ShouldBeGreaterThan(0);
            buffer.Advance(room.Length);
        }

        // Then it holds exactly the limit, in an array no larger, and offers nothing more
        buffer.Count.ShouldBe(100_000);
        buffer.Capacity.ShouldBe(100_000);
        buffer.FreeSpace().Length.ShouldBe(0);
    }

    [Test]
    public void Room_near_the_limit_is_cut_to_what_is_left_below_it()
    {
        // (4 KiB, then fourfold: 16 KiB)
        var buffer = new ReceiveBuffer(20_000);
        buffer.Advance(buffer.FreeSpace().Length);
        buffer.Advance(buffer.FreeSpace().Length);

        buffer.Count.ShouldBe(16_384);
        buffer.FreeSpace().Length.ShouldBe(20_000 - 16_384);
        buffer.Capacity.ShouldBe(20_000);
    }

    [Test]
    public void Consumed_bytes_make_room_again_without_growing()
    {
        var buffer = new ReceiveBuffer(8192);
        buffer.Advance(buffer.FreeSpace().Length);
        buffer.Advance(buffer.FreeSpace().Length);
        buffer.IsFull.ShouldBeTrue();

        buffer.Consume(5000);

        buffer.FreeSpace().Length.ShouldBe(5000);
        buffer.Capacity.ShouldBe(8192);
    }

    [Test]
    public void A_limit_below_one_read_allocates_only_the_limit() =>
        new ReceiveBuffer(1024).FreeSpace().Length.ShouldBe(1024);

    [Test]
    public void Releasing_large_buffers_lets_go_of_their_bytes_and_collects_them_once_64_MiB_are_let_go()
    {
        // Given large buffers (16 MiB or more each) filled by floods
        var collections = GC.CollectionCount(GC.MaxGeneration);

        // When enough of them are released to make 64 MiB (other tests may have released some before)
        for (var released = 0L; released < 64L * 1024 * 1024;)
        {
            var buffer = Filled(16 * 1024 * 1024);
            released += buffer.Capacity;
            buffer.Release();

            // Then each lets go of its bytes at once
            buffer.Capacity.ShouldBe(0);
            buffer.Count.ShouldBe(0);
        }

        // And a full collection has run meanwhile, so the next scenario's buffers do not pile up on theirs
        GC.CollectionCount(GC.MaxGeneration).ShouldBeGreaterThan(collections);
    }

    private static ReceiveBuffer Filled(int bytes)
    {
        var buffer = new ReceiveBuffer(64 * 1024 * 1024);
        while (buffer.Count < bytes)
        {
            buffer.Advance(buffer.FreeSpace().Length);
        }

        return buffer;
    }
}
