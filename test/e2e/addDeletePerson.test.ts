import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainSkip } from '../helpers/skip';
import { browserSession } from './browserSession';
import { exportThroughDialog, sampleSkipReason } from './sampleSession';
import { screenshotDir } from './serveProcess';

const skip = sampleSkipReason();

interface Annotation {
  id: number;
  image_id: number;
  keypoints_cam: number[][];
  keypoints_img: number[][];
  keypoints_vis: boolean[];
  bbox: number[];
}

/** Adding a person by drawing their box, deleting one, undo across both, and the export. */
describe.skipIf(skip !== undefined)('browser mode: adding and deleting people', () => {
  const s = browserSession((p) =>
    p.locator('.frame-card .error-badge').first().waitFor({ timeout: 30_000 }),
  );
  const rows = () => s.page.locator('.frame-details tbody tr').count();
  const message = () => s.page.locator('.edit-message').textContent();

  /** Screen position of an image pixel, through the inspector's pan and zoom. */
  async function screenOf(u: number, v: number) {
    const layer = s.page.locator('.frame-image .frame-layer');
    const box = (await layer.boundingBox())!;
    const scale = await layer.evaluate((e) =>
      Number(/scale\(([\d.]+)\)/.exec((e as HTMLElement).style.transform)?.[1]),
    );
    return { x: box.x + u * scale, y: box.y + v * scale };
  }

  it('draws a box on the image and gets a standing person in it, as one undoable edit', async () => {
    // TS1/img_000000 labels Ana alone (image id 0, annotation 0).
    await s.page.getByRole('button', { name: 'Frames', exact: true }).click();
    await s.page.getByLabel('Sort frames by').selectOption('file');
    await s.page.locator('.frame-card').first().click();
    await expect
      .poll(() => s.page.locator('.frame-details h2').textContent())
      .toBe('MultiPersonTestSet/TS1/img_000000.jpg');
    await expect.poll(rows).toBe(1);
    await s.page.keyboard.press('e');
    await s.page.getByRole('button', { name: 'Add person' }).click();
    const from = await screenOf(520, 200);
    const to = await screenOf(600, 420);
    await s.page.mouse.move(from.x, from.y);
    await s.page.mouse.down();
    await s.page.mouse.move(to.x, to.y, { steps: 8 });
    await s.page.screenshot({ path: join(screenshotDir, 'edit-add-person-drawing.png') });
    await s.page.mouse.up();
    await expect.poll(message).toBe('Added a person: drag their joints into place');
    await expect.poll(rows).toBe(2);
    // The new person is the one being corrected: their 17 joints are handles inside the box.
    await expect
      .poll(() => s.page.locator('.edit-head strong').textContent())
      .toBe('Correcting person 2');
    await expect(s.page.locator('.edit-handle').count()).resolves.toBe(17);
    const head = (await s.page.locator('.edit-handle[data-joint="0"]').boundingBox())!;
    expect(head.x).toBeGreaterThan(from.x);
    expect(head.x + head.width).toBeLessThan(to.x);
    await s.page.screenshot({ path: join(screenshotDir, 'edit-add-person.png') });

    // Their head goes 10 px up.
    await s.page.mouse.move(head.x + head.width / 2, head.y + head.height / 2);
    await s.page.mouse.down();
    await s.page.mouse.move(head.x + head.width / 2, head.y + head.height / 2 - 10, { steps: 4 });
    await s.page.mouse.up();
    await expect.poll(() => s.page.getByRole('button', { name: /^Undo \(2\)/ }).count()).toBe(1);
  });

  it('deletes a person, and undo brings them back across the add', async () => {
    await s.page.locator('.frame-details tbody tr').first().click();
    await expect
      .poll(() => s.page.locator('.edit-head strong').textContent())
      .toBe('Correcting person 1');
    await s.page.getByRole('button', { name: 'Delete person' }).click();
    await expect.poll(message).toBe('Deleted person 1');
    await expect.poll(rows).toBe(1);
    await expect
      .poll(() => s.page.locator('.edit-head strong').textContent())
      .toBe('Correcting person 2');
    await s.page.screenshot({ path: join(screenshotDir, 'edit-delete-person.png') });
    await s.page.keyboard.press('Control+z');
    await expect.poll(rows).toBe(2);
    await s.page.keyboard.press('Control+z');
    await s.page.keyboard.press('Control+z');
    // The add undone too: Ana alone again.
    await expect.poll(rows).toBe(1);
    await expect.poll(() => s.page.getByRole('button', { name: /^Redo \(3\)/ }).count()).toBe(1);
    await s.page.keyboard.press('Control+Shift+Z');
    await s.page.keyboard.press('Control+Shift+Z');
    await s.page.keyboard.press('Control+Shift+Z');
    await expect.poll(() => s.page.getByRole('button', { name: /^Redo \(0\)/ }).count()).toBe(1);
    await expect.poll(rows).toBe(1);
  });

  it('adds a run’s unmatched detection as a person (a label the dataset missed)', async () => {
    // TS1/img_000001 labels Ana alone; with her label deleted, the run's detection of her
    // matches nobody once scored again, and is offered as a person to add.
    // Right after the edits: the frame list being re-read does not swallow the step.
    await s.page.keyboard.press('ArrowRight');
    await expect
      .poll(() => s.page.locator('.frame-details h2').textContent())
      .toBe('MultiPersonTestSet/TS1/img_000001.jpg');
    await s.page.getByRole('button', { name: 'Delete person' }).click();
    await expect.poll(rows).toBe(0);
    const unmatched = s.page.getByRole('button', { name: 'Add baseline’s unmatched #1' });
    await unmatched.waitFor({ timeout: 10_000 });
    await s.page.screenshot({ path: join(screenshotDir, 'edit-unmatched-offered.png') });
    await unmatched.click();
    await expect.poll(message).toBe("Added baseline's unmatched person as a label");
    await expect.poll(rows).toBe(1);
    // Matched now, and scored: the label is the run's own prediction, so its error is nil.
    await expect
      .poll(() => s.page.locator('.frame-details tr.selected td').nth(2).textContent(), {
        timeout: 10_000,
      })
      .toBe('0.0 mm');
    await s.page.screenshot({ path: join(screenshotDir, 'edit-add-from-run.png') });
  });

  it('exports the new people and leaves the deleted ones out', async () => {
    const out = mkdtempSync(join(tmpdir(), 'posescope-export-people-'));
    try {
      expect(await exportThroughDialog(s.page, out)).toMatch(
        /Wrote 60 images and 140 people to .* · 5 edits in the patch/,
      );
      await s.page.getByRole('button', { name: 'Close' }).click();
      const file = JSON.parse(readFileSync(join(out, 'MuPoTS-3D.json'), 'utf8')) as {
        annotations: Annotation[];
      };
      const ids = (image: number) =>
        file.annotations.filter((a) => a.image_id === image).map((a) => a.id);
      // Ana (annotation 0) deleted and the drawn person in, with the next free id; in the next
      // frame her label (1) replaced by the run's detection, the id after.
      expect(ids(0)).toEqual([140]);
      expect(ids(1)).toEqual([141]);
      const added = file.annotations.find((a) => a.id === 140)!;
      expect(added.keypoints_cam).toHaveLength(17);
      expect(added.keypoints_vis).toEqual(Array<boolean>(17).fill(true));
      const [x, , w] = added.bbox;
      expect(x).toBeGreaterThan(510);
      expect(x! + w!).toBeLessThan(610);
      const patch = JSON.parse(readFileSync(join(out, 'corrections.patch.json'), 'utf8'));
      expect(patch.edits.map((e: { tool: string; person: string }) => [e.tool, e.person])).toEqual([
        ['add-person', '140'],
        ['drag-2d', '140'],
        ['delete-person', '0'],
        ['delete-person', '1'],
        ['add-person', '141'],
      ]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('logged no console errors or warnings', () => {
    expect(s.problems).toEqual([]);
  });
});

explainSkip(skip);
