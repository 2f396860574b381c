export * from 'react-konva';
