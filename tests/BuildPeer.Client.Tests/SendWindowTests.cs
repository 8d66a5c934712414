using BuildPeer.Client.Transfers;

namespace BuildPeer.Client.Tests;

public sealed class SendWindowTests
{
    [Fact]
    public async Task One_drop_that_cuts_every_part_in_flight_halves_the_window_once()
    {
        var window = new SendWindow(4);
        var slots = new[] { await window.EnterAsync(default), await window.EnterAsync(default), await window.EnterAsync(default), await window.EnterAsync(default) };

        foreach (var slot in slots) window.Exit(slot, arrived: false, cutMidway: true);

        Assert.Equal(2, window.Limit);
    }

    [Fact]
    public async Task A_part_cut_after_the_halving_halves_it_again_down_to_one()
    {
        var window = new SendWindow(4);
        window.Exit(await window.EnterAsync(default), arrived: false, cutMidway: true);
        window.Exit(await window.EnterAsync(default), arrived: false, cutMidway: true);
        window.Exit(await window.EnterAsync(default), arrived: false, cutMidway: true);

        Assert.Equal(1, window.Limit);
    }

    [Fact]
    public async Task A_refused_connection_says_nothing_about_the_links_width()
    {
        var window = new SendWindow(4);
        window.Exit(await window.EnterAsync(default), arrived: false, cutMidway: false);
        Assert.Equal(4, window.Limit);
    }

    [Fact]
    public async Task Each_windows_worth_of_arrived_parts_widens_it_by_one_up_to_the_configured_parallelism()
    {
        var window = new SendWindow(3);
        window.Exit(await window.EnterAsync(default), arrived: false, cutMidway: true);
        window.Exit(await window.EnterAsync(default), arrived: false, cutMidway: true);
        Assert.Equal(1, window.Limit);

        window.Exit(await window.EnterAsync(default), arrived: true, cutMidway: false);
        Assert.Equal(2, window.Limit);
        window.Exit(await window.EnterAsync(default), arrived: true, cutMidway: false);
        Assert.Equal(2, window.Limit);
        window.Exit(await window.EnterAsync(default), arrived: true, cutMidway: false);
        Assert.Equal(3, window.Limit);
        for (var i = 0; i < 6; i++) window.Exit(await window.EnterAsync(default), arrived: true, cutMidway: false);
        Assert.Equal(3, window.Limit);
    }

    [Fact]
    public async Task A_drop_after_a_windows_worth_of_parts_arrived_halves_nothing_one_after_fewer_halves()
    {
        var window = new SendWindow(4);
        var firstFour = new List<SendWindow.Slot>();
        for (var i = 0; i < 4; i++) firstFour.Add(await window.EnterAsync(default));
        foreach (var slot in firstFour) window.Exit(slot, arrived: false, cutMidway: true); // one drop cuts all four
        Assert.Equal(2, window.Limit);
        for (var i = 0; i < 3; i++) window.Exit(await window.EnterAsync(default), arrived: true, cutMidway: false); // 2 arrive: 3; a third
        Assert.Equal(3, window.Limit);

        window.Exit(await window.EnterAsync(default), arrived: false, cutMidway: true); // a drop after 3 arrived: the window fits
        Assert.Equal(3, window.Limit);
        window.Exit(await window.EnterAsync(default), arrived: true, cutMidway: false);
        window.Exit(await window.EnterAsync(default), arrived: false, cutMidway: true); // a drop after only 1 arrived
        Assert.Equal(1, window.Limit);
    }

    [Fact]
    public async Task A_part_waits_while_the_window_is_full_and_goes_when_one_leaves()
    {
        var window = new SendWindow(2);
        var first = await window.EnterAsync(default);
        window.Exit(first, arrived: false, cutMidway: true); // now 1 at once
        var held = await window.EnterAsync(default);

        var waiting = window.EnterAsync(default);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);

        window.Exit(held, arrived: true, cutMidway: false);
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_waiting_part_can_be_cancelled()
    {
        var window = new SendWindow(1);
        await window.EnterAsync(default);
        using var cancel = new CancellationTokenSource(50);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => window.EnterAsync(cancel.Token));
    }
}
