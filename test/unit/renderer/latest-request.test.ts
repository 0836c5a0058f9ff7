import { describe, expect, it } from 'vitest';
import { LatestRequest } from '../../../renderer/src/lib/latest-request.js';

describe('LatestRequest', () => {
  it('only the newest request’s answer is current, whatever order the answers come in', () => {
    const requests = new LatestRequest();
    const first = requests.begin();
    const second = requests.begin();
    expect(first()).toBe(false);
    expect(second()).toBe(true);
    const third = requests.begin();
    expect([first(), second(), third()]).toEqual([false, false, true]);
  });

  it('keeps moves made in a row: answers shown only for the last one leave its order on screen', async () => {
    // Two moves of a list, the first one's answer arriving after the second move was made.
    const requests = new LatestRequest();
    let shown = ['a', 'b', 'c'];
    const answers: (() => void)[] = [];
    const move = (order: string[]) => {
      shown = order;
      const current = requests.begin();
      answers.push(() => (current() ? (shown = order) : undefined));
    };
    move(['b', 'a', 'c']);
    move(['b', 'c', 'a']);
    answers[0]!();
    expect(shown).toEqual(['b', 'c', 'a']);
    answers[1]!();
    expect(shown).toEqual(['b', 'c', 'a']);
  });
});
