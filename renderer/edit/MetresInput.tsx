import { useState } from 'react';

/** A depth typed in metres (comma or point), handed on in millimetres when entered. */
export function MetresInput({
  label,
  placeholder,
  onMm,
}: {
  label: string;
  placeholder: string;
  onMm(mm: number): void;
}) {
  const [text, setText] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onMm(Number(text.replace(',', '.')) * 1000);
      }}
    >
      <input
        aria-label={label}
        placeholder={placeholder}
        size={7}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
    </form>
  );
}
